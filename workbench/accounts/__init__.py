"""Accounts and roles for team mode.

With no account in the database the workbench is a single-user laptop tool (free-text
reviewer name, 127.0.0.1 only), as it always was. The first account (an admin) switches on
team mode: every change then needs a signed-in user whose role allows it.
"""

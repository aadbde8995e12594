"""Helpers for tests of team mode: one password for every test account, a clock to move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workbench.accounts.users import UserService
from workbench.records import Role
from workbench.services import Workbench

PASSWORD = "correct horse battery"


class Clock:
    """A clock the test moves: lockouts expire without waiting."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def add_desk(wb: Workbench, *reviewers: str) -> None:
    """Ada (admin), Eve (editor) and the named reviewers, all with PASSWORD."""
    users = UserService(wb)
    ada = users.add("Ada", Role.ADMIN, PASSWORD, by=None)
    users.add("Eve", Role.EDITOR, PASSWORD, by=ada)
    for name in reviewers:
        users.add(name, Role.REVIEWER, PASSWORD, by=ada)

"""Team mode in the sidebar: who is signed in, their role, and Sign out."""

from __future__ import annotations

import streamlit as st

from workbench.records import User
from workbench.ui.services import ACCOUNT_KEY, REVIEWER_KEY, esc, html


def start_session(account: User) -> None:
    st.session_state[ACCOUNT_KEY] = account.name
    st.session_state.pop(REVIEWER_KEY, None)  # no free-text name in team mode
    st.query_params.pop(REVIEWER_KEY, None)


def end_session() -> None:
    """Forget the account; the next run shows the sign-in screen."""
    st.session_state.pop(ACCOUNT_KEY, None)


def account_box(account: User) -> None:
    html(
        f'<div class="wb-src">Signed in as <b>{esc(account.name)}</b> '
        f"({esc(account.role.value)})</div>"
    )
    st.button("Sign out", key="account.sign_out", on_click=end_session)

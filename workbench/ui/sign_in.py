"""Sign in: the only screen of a team-mode workbench until someone signs in. One message for
a wrong name and a wrong password; a name locked after repeated failures says so.

Not a page of the navigation: app.py draws it in place of whichever screen the address names,
so no screen runs before its user has signed in."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.users import SignInRefused
from workbench.ui.account import start_session
from workbench.ui.services import users

MESSAGE_KEY = "sign_in.refused"


def _sign_in() -> None:
    """The form's callback: runs before app.py, so a right password opens the screen the
    address names on this very run. The typed password leaves the session here."""
    name = st.session_state.get("sign_in.name", "").strip()
    password = st.session_state.pop("sign_in.password", "")
    try:
        start_session(users().authenticate(name, password))
    except SignInRefused as exc:
        st.session_state[MESSAGE_KEY] = str(exc)


def sign_in_screen() -> None:
    st.title("Sign in")
    st.caption("This workbench is shared by a desk: sign in with your account to continue.")
    with st.form("sign_in.form"):
        st.text_input("Name", key="sign_in.name", autocomplete="username")
        st.text_input(
            "Password", type="password", key="sign_in.password", autocomplete="current-password"
        )
        st.form_submit_button("Sign in", type="primary", on_click=_sign_in)
    if refused := st.session_state.pop(MESSAGE_KEY, None):
        st.error(refused)

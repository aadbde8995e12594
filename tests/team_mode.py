"""Helpers for tests of team mode: one password for every test account, a clock to move,
a desk of accounts, and the Streamlit app signed in as one of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.accounts.users import UserService
from workbench.records import Role
from workbench.services import Workbench

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

PASSWORD = "correct horse battery"
APP = str(Path(__file__).parents[1] / "workbench" / "ui" / "app.py")


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


def signed_in_app(name: str, password: str = PASSWORD) -> AppTest:
    """The app (AppTest) after signing in as `name` on its sign-in screen."""
    from streamlit.testing.v1 import AppTest  # Streamlit for the UI tests only

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in.name").input(name)
    at.text_input(key="sign_in.password").input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at

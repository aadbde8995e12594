"""The Users screen (AppTest, real database): an admin lists, adds, disables and enables
accounts, changes roles and resets passwords; a reviewer or an editor never sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from team_mode import APP, PASSWORD, signed_in_app

from workbench.accounts.users import SignInRefused, UserService
from workbench.records import Role
from workbench.services import Workbench
from workbench.settings import Settings

USERS = str(Path(APP).parent / "screens" / "users.py")
NEW_PASSWORD = "a brand new passphrase"


def _users_screen(name: str) -> AppTest:
    at = signed_in_app(name)
    at.switch_page("screens/users.py").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Users"]
    return at


def _table(at: AppTest) -> list[tuple[str, str, str]]:
    (frame,) = at.dataframe
    return [(r["name"], r["role"], r["state"]) for r in frame.value.to_dict("records")]


def _said(at: AppTest) -> list[str]:
    return [m.value for m in (*at.success, *at.error)]


def _account(home: Path, name: str):  # type: ignore[no-untyped-def]
    wb = Workbench(Settings(home=home))
    try:
        return UserService(wb).get(name)
    finally:
        wb.close()


def _authenticate(home: Path, name: str, password: str):  # type: ignore[no-untyped-def]
    wb = Workbench(Settings(home=home))
    try:
        return UserService(wb).authenticate(name, password)
    finally:
        wb.close()


def test_an_admin_lists_and_adds_accounts(team_home: Path) -> None:
    at = _users_screen("Ada")
    assert sorted(_table(at)) == [
        ("Ada", "admin", "active"),
        ("Ben", "reviewer", "active"),
        ("Cleo", "reviewer", "active"),
        ("Eve", "editor", "active"),
    ]
    at.text_input(key="users.add.name").input("Dan")
    at.selectbox(key="users.add.role").select("editor")
    at.text_input(key="users.add.password").input("short")
    next(b for b in at.button if b.label == "Add account").click().run()
    assert _said(at) == ["a password needs at least 8 characters"]
    at.text_input(key="users.add.name").input("Dan")
    at.selectbox(key="users.add.role").select("editor")
    at.text_input(key="users.add.password").input(NEW_PASSWORD)
    next(b for b in at.button if b.label == "Add account").click().run()
    assert _said(at) == ["added Dan (editor)"]
    assert ("Dan", "editor", "active") in _table(at)
    assert at.session_state["users.add.password"] == ""  # the password is not kept
    assert _authenticate(team_home, "Dan", NEW_PASSWORD).role == Role.EDITOR


def test_an_admin_disables_enables_sets_a_role_and_resets_a_password(team_home: Path) -> None:
    at = _users_screen("Ada")
    at.selectbox(key="users.account").select("Ben").run()
    at.button(key="users.disable").click().run()
    assert _said(at) == ["disabled Ben"] and ("Ben", "reviewer", "disabled") in _table(at)
    with pytest.raises(SignInRefused, match="the account Ben is disabled"):
        _authenticate(team_home, "Ben", PASSWORD)
    at.button(key="users.enable").click().run()
    assert _said(at) == ["enabled Ben"] and ("Ben", "reviewer", "active") in _table(at)

    at.selectbox(key="users.role.Ben").select("editor")
    at.button(key="users.set_role").click().run()
    assert _said(at) == ["Ben is now editor"] and _account(team_home, "Ben").role == Role.EDITOR

    at.text_input(key="users.password").input(NEW_PASSWORD)
    at.button(key="users.reset_password").click().run()
    assert _said(at) == ["new password set for Ben"]
    assert _authenticate(team_home, "Ben", NEW_PASSWORD).name == "Ben"


def test_the_last_admin_is_kept(team_home: Path) -> None:
    at = _users_screen("Ada")
    at.selectbox(key="users.account").select("Ada").run()
    at.selectbox(key="users.role.Ada").select("reviewer")
    at.button(key="users.set_role").click().run()
    assert _said(at) == ["Ada is the last enabled admin: make another admin first"]
    assert _account(team_home, "Ada").role == Role.ADMIN


@pytest.mark.parametrize(("name", "role"), [("Ben", "reviewer"), ("Eve", "editor")])
def test_a_reviewer_or_editor_never_sees_the_users_screen(
    team_home: Path, name: str, role: str
) -> None:
    at = signed_in_app(name)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("screens/users.py")  # not in their navigation
    # Reached any other way, the screen refuses before it shows or changes anything.
    direct = AppTest.from_file(USERS)
    direct.session_state["account"] = name
    direct.run()
    assert [e.value for e in direct.error] == [
        f"{name} is {'an' if role == 'editor' else 'a'} {role}: to manage users you need an "
        "admin account or above"
    ]
    assert not direct.dataframe and not direct.button

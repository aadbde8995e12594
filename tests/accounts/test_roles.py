"""The permission table: each role does what the issue says, and no more."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workbench.accounts.roles import ALLOWED, AccessDenied, Action, can, lowest_role, require
from workbench.records import Role, User


def _user(role: Role, disabled: bool = False) -> User:
    return User(name="Ana", role=role, disabled=disabled, created_at=datetime.now(UTC))


def test_reviewer_reviews_and_notes_only() -> None:
    assert ALLOWED[Role.REVIEWER] == {Action.REVIEW, Action.NOTE}


def test_editor_also_assigns_signs_off_publishes_and_exports() -> None:
    assert ALLOWED[Role.EDITOR] - ALLOWED[Role.REVIEWER] == {
        Action.ASSIGN,
        Action.BLIND_REVIEW,
        Action.RESOLVE,
        Action.SIGN_OFF,
        Action.PUBLISH,
        Action.EXPORT_CLAIMREVIEW,
    }


def test_admin_also_manages_corpora_and_users_and_may_do_everything() -> None:
    assert ALLOWED[Role.ADMIN] - ALLOWED[Role.EDITOR] == {
        Action.MANAGE_CORPORA,
        Action.MANAGE_USERS,
    }
    assert ALLOWED[Role.ADMIN] == set(Action)


@pytest.mark.parametrize(
    ("action", "role"),
    [
        (Action.REVIEW, Role.REVIEWER),
        (Action.SIGN_OFF, Role.EDITOR),
        (Action.BLIND_REVIEW, Role.EDITOR),
        (Action.RESOLVE, Role.EDITOR),
        (Action.EXPORT_CLAIMREVIEW, Role.EDITOR),
        (Action.MANAGE_CORPORA, Role.ADMIN),
        (Action.MANAGE_USERS, Role.ADMIN),
    ],
)
def test_lowest_role(action: Action, role: Role) -> None:
    assert lowest_role(action) == role


def test_require_says_who_may_and_why_not() -> None:
    editor = _user(Role.EDITOR)
    assert require(editor, Action.EXPORT_CLAIMREVIEW) is editor
    with pytest.raises(
        AccessDenied, match="Ana is an editor: to manage users you need an admin account"
    ):
        require(editor, Action.MANAGE_USERS)
    with pytest.raises(AccessDenied, match="sign in first"):
        require(None, Action.REVIEW)
    with pytest.raises(AccessDenied, match="disabled"):
        require(_user(Role.ADMIN, disabled=True), Action.REVIEW)
    assert not can(Role.REVIEWER, Action.ASSIGN)

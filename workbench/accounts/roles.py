"""Who may do what: the one permission table, and the check every entry point calls.

Each role may do everything the role before it may, and more.
"""

from __future__ import annotations

from enum import StrEnum

from workbench.records import Role, User


class Action(StrEnum):
    REVIEW = "review"  # accept, reject, edit, reuse an earlier fact-check
    NOTE = "note"
    ASSIGN = "assign"
    BLIND_REVIEW = "switch on blind review"  # name a run's two blind reviewers
    RESOLVE = "resolve disagreements"  # decide where two blind reviewers disagree
    SIGN_OFF = "sign off"
    PUBLISH = "publish"
    EXPORT_CLAIMREVIEW = "export ClaimReview"
    MANAGE_CORPORA = "manage corpora"
    MANAGE_USERS = "manage users"


_REVIEWER = frozenset({Action.REVIEW, Action.NOTE})
_EDITOR = _REVIEWER | {
    Action.ASSIGN,
    Action.BLIND_REVIEW,
    Action.RESOLVE,
    Action.SIGN_OFF,
    Action.PUBLISH,
    Action.EXPORT_CLAIMREVIEW,
}
_ADMIN = _EDITOR | {Action.MANAGE_CORPORA, Action.MANAGE_USERS}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.REVIEWER: _REVIEWER,
    Role.EDITOR: _EDITOR,
    Role.ADMIN: _ADMIN,
}


class AccessDenied(PermissionError):
    """Not signed in, or signed in with a role that may not do this."""


def can(role: Role, action: Action) -> bool:
    return action in ALLOWED[role]


def lowest_role(action: Action) -> Role:
    """The least role allowed `action` (for messages that say whom to ask)."""
    return next(role for role in Role if can(role, action))


def a_role(role: Role) -> str:
    """ "a reviewer", "an editor", "an admin": for messages."""
    return f"{'an' if role.value[0] in 'aeiou' else 'a'} {role.value}"


def require(user: User | None, action: Action) -> User:
    """The user, if signed in, enabled and allowed `action`; else AccessDenied saying why."""
    needed = lowest_role(action)
    if user is None:
        raise AccessDenied(f"sign in first: to {action} you need {a_role(needed)} account or above")
    if user.disabled:
        raise AccessDenied(f"the account {user.name} is disabled")
    if not can(user.role, action):
        raise AccessDenied(
            f"{user.name} is {a_role(user.role)}: to {action} you need {a_role(needed)} account "
            "or above"
        )
    return user

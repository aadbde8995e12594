"""Accounts on a real database: who may change them, signing in, lockout, no hash leaks."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from team_mode import PASSWORD, Clock

from workbench.accounts import passwords
from workbench.accounts.roles import AccessDenied, Action
from workbench.accounts.users import (
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    SignInRefused,
    UserService,
    reviewer_name,
)
from workbench.records import Role, User
from workbench.services import Workbench
from workbench.store import accounts as store


def _hash_of(wb: Workbench, name: str) -> str:
    with wb.db.transaction() as session:
        found = store.password_hash_of(session, name)
    assert found is not None
    return found


# --- adding and changing accounts ------------------------------------------------------------


def test_no_account_is_laptop_mode_and_the_first_must_be_an_admin(users: UserService) -> None:
    assert not users.team_mode()
    with pytest.raises(ValueError, match="the first account must be an admin"):
        users.add("Ana", Role.REVIEWER, PASSWORD, by=None)
    assert not users.team_mode()
    ada = users.add("Ada", Role.ADMIN, PASSWORD, by=None)
    assert users.team_mode()
    assert (ada.name, ada.role, ada.disabled) == ("Ada", Role.ADMIN, False)


def test_after_the_first_only_a_signed_in_admin_adds_accounts(
    users: UserService, admin: User
) -> None:
    with pytest.raises(AccessDenied, match="sign in first"):
        users.add("Ben", Role.REVIEWER, PASSWORD, by=None)
    editor = users.add("Eve", Role.EDITOR, PASSWORD, by=admin)
    with pytest.raises(AccessDenied, match="Eve is an editor: to manage users"):
        users.add("Ben", Role.REVIEWER, PASSWORD, by=editor)
    users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    assert [(u.name, u.role) for u in users.list()] == [
        ("Ada", Role.ADMIN),
        ("Ben", Role.REVIEWER),
        ("Eve", Role.EDITOR),
    ]


def test_names_are_one_account_whatever_their_case(users: UserService, admin: User) -> None:
    with pytest.raises(ValueError, match="an account named 'ADA' exists already") as told:
        users.add("ADA", Role.REVIEWER, PASSWORD, by=admin)
    assert "$argon2" not in str(told.value) and told.value.__cause__ is None
    assert users.authenticate("ada", PASSWORD).name == "Ada"


def test_a_duplicate_that_slips_past_the_early_check_still_quotes_no_hash(
    wb: Workbench, admin: User
) -> None:
    """Two admins adding one name at once: the database's key refuses the second, and the
    driver's error (which quotes the insert's parameters) does not reach the message."""
    created = admin.created_at
    with pytest.raises(ValueError, match="exists already") as told, wb.db.transaction() as s:
        store.add_user(s, User(name="ada", role=Role.ADMIN, created_at=created), "$argon2id$X")
    assert "$argon2" not in str(told.value) and "$argon2" not in repr(told.value)
    assert told.value.__cause__ is None and told.value.__suppress_context__


@pytest.mark.parametrize("name", ["", " ", "-ana", "a b", "x" * 65, "ana;drop"])
def test_invalid_names_are_refused(users: UserService, name: str) -> None:
    with pytest.raises(ValueError, match="invalid account name"):
        users.add(name, Role.ADMIN, PASSWORD, by=None)


def test_short_passwords_are_refused(users: UserService) -> None:
    with pytest.raises(ValueError, match="at least 8 characters"):
        users.add("Ada", Role.ADMIN, "short", by=None)
    assert not users.team_mode()


def test_set_role_disable_and_enable(users: UserService, admin: User) -> None:
    users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    assert users.set_role("Ben", Role.EDITOR, by=admin).role == Role.EDITOR
    assert users.disable("ben", by=admin).disabled
    assert users.active("Ben") is None
    with pytest.raises(SignInRefused, match="the account Ben is disabled"):
        users.authenticate("Ben", PASSWORD)
    assert not users.enable("Ben", by=admin).disabled
    assert users.authenticate("Ben", PASSWORD).role == Role.EDITOR
    with pytest.raises(LookupError, match="no account named 'Zoe'"):
        users.disable("Zoe", by=admin)


def test_only_admins_change_accounts(users: UserService, admin: User) -> None:
    reviewer = users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    for change in (
        lambda: users.set_role("Ben", Role.ADMIN, by=reviewer),
        lambda: users.disable("Ada", by=reviewer),
        lambda: users.enable("Ben", by=None),
    ):
        with pytest.raises(AccessDenied):
            change()
    assert users.get("Ben").role == Role.REVIEWER and not users.get("Ada").disabled


def test_the_last_enabled_admin_cannot_be_demoted_or_disabled(
    users: UserService, admin: User
) -> None:
    with pytest.raises(ValueError, match="Ada is the last enabled admin"):
        users.set_role("Ada", Role.EDITOR, by=admin)
    with pytest.raises(ValueError, match="last enabled admin"):
        users.disable("Ada", by=admin)
    assert users.get("Ada").role == Role.ADMIN and not users.get("Ada").disabled
    users.add("Bea", Role.ADMIN, PASSWORD, by=admin)
    assert users.disable("Ada", by=admin).disabled  # another admin is left


def test_set_password_own_or_by_an_admin(users: UserService, admin: User) -> None:
    ben = users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    users.set_password("Ben", "a new one, long", by=ben)
    assert users.authenticate("Ben", "a new one, long").name == "Ben"
    with pytest.raises(AccessDenied):
        users.set_password("Ada", "taken over!", by=ben)
    users.set_password("Ben", "reset by ada", by=admin)
    with pytest.raises(SignInRefused, match="wrong name or password"):
        users.authenticate("Ben", "a new one, long")


# --- signing in --------------------------------------------------------------------------------


def test_sign_in_checks_the_password_and_the_role(users: UserService, admin: User, clock) -> None:  # type: ignore[no-untyped-def]
    users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    signed = users.sign_in("Ben", PASSWORD, Action.REVIEW)
    assert signed.last_sign_in_at == clock.now == users.get("Ben").last_sign_in_at
    with pytest.raises(AccessDenied, match="to manage corpora you need an admin"):
        users.sign_in("Ben", PASSWORD, Action.MANAGE_CORPORA)
    assert users.sign_in("Ada", PASSWORD, Action.MANAGE_CORPORA).name == "Ada"


def test_wrong_password_and_unknown_name_get_one_message(users: UserService, admin: User) -> None:
    with pytest.raises(SignInRefused) as wrong_password:
        users.authenticate("Ada", "not the password")
    with pytest.raises(SignInRefused) as unknown_name:
        users.authenticate("Nobody", PASSWORD)
    assert str(wrong_password.value) == str(unknown_name.value) == "wrong name or password"


def _fail(users: UserService, name: str, times: int) -> list[str]:
    told = []
    for _ in range(times):
        with pytest.raises(SignInRefused) as refused:
            users.authenticate(name, "wrong password")
        told.append(str(refused.value))
    return told


def test_lockout_after_repeated_failures_even_with_the_right_password(
    users: UserService, admin: User, clock: Clock
) -> None:
    told = _fail(users, "Ada", MAX_FAILED_SIGN_INS)
    assert told[:-1] == ["wrong name or password"] * (MAX_FAILED_SIGN_INS - 1)
    assert told[-1].startswith("too many failed sign-ins: this name is locked until 09:15 UTC")
    with pytest.raises(SignInRefused, match="locked until 09:15 UTC"):
        users.authenticate("Ada", PASSWORD)
    clock.advance(seconds=LOCKOUT.total_seconds() - 1)
    with pytest.raises(SignInRefused, match="locked"):
        users.authenticate("Ada", PASSWORD)
    clock.advance(seconds=1)
    assert users.authenticate("Ada", PASSWORD).name == "Ada"


def test_a_success_resets_the_count(users: UserService, admin: User) -> None:
    _fail(users, "Ada", MAX_FAILED_SIGN_INS - 1)
    users.authenticate("Ada", PASSWORD)
    assert _fail(users, "Ada", MAX_FAILED_SIGN_INS - 1)[-1] == "wrong name or password"
    users.authenticate("Ada", PASSWORD)


def test_lockout_does_not_tell_whether_the_name_exists(users: UserService, admin: User) -> None:
    existing = _fail(users, "Ada", MAX_FAILED_SIGN_INS)
    missing = _fail(users, "Nobody", MAX_FAILED_SIGN_INS)
    assert existing == missing


def test_an_admin_lifts_a_lock_by_enabling_the_account(users: UserService, admin: User) -> None:
    users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
    _fail(users, "Ben", MAX_FAILED_SIGN_INS)
    users.enable("Ben", by=admin)
    assert users.authenticate("Ben", PASSWORD).name == "Ben"


def test_the_lock_holds_in_another_process(admin: User, wb: Workbench) -> None:
    """Counted in the database: a second process (another app server, the CLI) sees it."""
    _fail(UserService(wb), "Ada", MAX_FAILED_SIGN_INS)  # the real clock, as the other's
    script = (
        "import sys\n"
        "from workbench.accounts.users import UserService, SignInRefused\n"
        "from workbench.services import Workbench\n"
        "from workbench.settings import Settings\n"
        "users = UserService(Workbench(Settings(home=sys.argv[1])))\n"
        "try:\n"
        f"    users.authenticate('Ada', {PASSWORD!r})\n"
        "except SignInRefused as exc:\n"
        "    print(exc)\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(wb.settings.home)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert other.stdout.startswith("too many failed sign-ins"), other.stderr


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(
    users: UserService, admin: User, wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _hash_of(wb, "Ada")
    stronger = passwords.PasswordHashing(time_cost=2, memory_kib=16, parallelism=1)
    monkeypatch.setattr(passwords, "HASHING", stronger)
    users.authenticate("Ada", PASSWORD)
    after = _hash_of(wb, "Ada")
    assert after != before and "m=16,t=2,p=1" in after
    assert users.authenticate("Ada", PASSWORD).name == "Ada"


# --- the reviewer's name -------------------------------------------------------------------------


def test_reviewer_name_is_the_signed_in_user_in_team_mode(admin: User) -> None:
    assert reviewer_name(admin, None) == "Ada" == reviewer_name(admin, "Ada")
    with pytest.raises(ValueError, match="stores every action under the signed-in user"):
        reviewer_name(admin, "Somebody else")


def test_reviewer_name_is_the_typed_name_in_laptop_mode() -> None:
    assert reviewer_name(None, " Cleo ") == "Cleo"
    with pytest.raises(ValueError, match="say who you are"):
        reviewer_name(None, "")


# --- no hash anywhere -------------------------------------------------------------------------


def test_no_hash_in_records_logs_or_messages(
    users: UserService, admin: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything any library logs, SQL and rows read included
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        ben = users.add("Ben", Role.REVIEWER, PASSWORD, by=admin)
        users.set_password("Ben", "another password", by=admin)
        messages = []
        for attempt in (
            lambda: users.authenticate("Ben", PASSWORD),
            lambda: users.add("ben", Role.REVIEWER, PASSWORD, by=admin),
            lambda: users.set_role("Ben", Role.ADMIN, by=ben),
            *[lambda: users.authenticate("Ben", "wrong")] * MAX_FAILED_SIGN_INS,
        ):
            with pytest.raises((ValueError, AccessDenied)) as refused:
                attempt()
            messages.append(repr(refused.value) + str(refused.value))
        users.authenticate("Ada", PASSWORD)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "INSERT INTO users" in caplog.text  # the SQL was logged...
    assert "'<password hash>'" in caplog.text  # ...with its parameters and rows...
    assert "$argon2" not in caplog.text  # ...but not the hash
    assert not [m for m in messages if "$argon2" in m or "argon2id" in m]
    dumped = [u.model_dump_json() for u in users.list()] + [repr(users.get("Ben"))]
    assert not [d for d in dumped if "argon2" in d or "hash" in d]

"""Users (admins, team mode): the accounts, adding one with a role, disabling and enabling,
changing a role and resetting a password, all through the accounts service (which checks
the signed-in admin again on every change)."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action, require
from workbench.records import Role
from workbench.ui.services import signed_in, users

MESSAGE = "users.message"
ROLES = [role.value for role in Role]


def _run(change, done: str) -> None:  # type: ignore[no-untyped-def]
    """Make one change as the signed-in admin; say what happened, or why not."""
    try:
        change(require(signed_in(), Action.MANAGE_USERS))
        st.session_state[MESSAGE] = ("success", done)
    except (ValueError, LookupError, AccessDenied) as exc:
        st.session_state[MESSAGE] = ("error", str(exc))


def _add() -> None:
    name = st.session_state.get("users.add.name", "").strip()
    role = Role(st.session_state["users.add.role"])
    password = st.session_state.pop("users.add.password", "")  # not kept in the session
    _run(lambda admin: users().add(name, role, password, by=admin), f"added {name} ({role.value})")


def _set_enabled(name: str, enabled: bool) -> None:
    if enabled:
        _run(lambda admin: users().enable(name, by=admin), f"enabled {name}")
    else:
        _run(lambda admin: users().disable(name, by=admin), f"disabled {name}")


def _set_role(name: str) -> None:
    role = Role(st.session_state[f"users.role.{name}"])
    _run(lambda admin: users().set_role(name, role, by=admin), f"{name} is now {role.value}")


def _reset_password(name: str) -> None:
    password = st.session_state.pop("users.password", "")
    _run(
        lambda admin: users().set_password(name, password, by=admin), f"new password set for {name}"
    )


st.title("Users")
try:
    require(signed_in(), Action.MANAGE_USERS)  # not in the navigation of others; checked here too
except AccessDenied as exc:
    st.error(str(exc))
    st.stop()
if message := st.session_state.pop(MESSAGE, None):
    (st.success if message[0] == "success" else st.error)(message[1])
accounts = users().list()
st.dataframe(
    [
        {
            "name": a.name,
            "role": a.role.value,
            "state": "disabled" if a.disabled else "active",
            "created": f"{a.created_at:%Y-%m-%d %H:%M}",
            "last sign-in": f"{a.last_sign_in_at:%Y-%m-%d %H:%M}" if a.last_sign_in_at else "never",
        }
        for a in accounts
    ],
    hide_index=True,
    width="stretch",
    key="users.table",
)

with st.expander("Add an account"), st.form("users.add.form", clear_on_submit=True):
    st.text_input("Name", key="users.add.name")
    st.selectbox("Role", ROLES, key="users.add.role")
    st.text_input(
        "Password", type="password", key="users.add.password", autocomplete="new-password"
    )
    st.form_submit_button("Add account", on_click=_add)

st.subheader("Change an account")
name = st.selectbox("Account", [a.name for a in accounts], key="users.account")
account = next(a for a in accounts if a.name == name)
c1, c2 = st.columns(2)
c1.button(
    "Enable" if account.disabled else "Disable",
    key="users.enable" if account.disabled else "users.disable",
    on_click=_set_enabled,
    args=(account.name, account.disabled),
    help="Enabling also lifts a lock after failed sign-ins",
)
c2.selectbox("Role", ROLES, index=ROLES.index(account.role.value), key=f"users.role.{account.name}")
c2.button("Set role", key="users.set_role", on_click=_set_role, args=(account.name,))
st.text_input("New password", type="password", key="users.password", autocomplete="new-password")
st.button(
    "Reset password", key="users.reset_password", on_click=_reset_password, args=(account.name,)
)

"""`streamlit run workbench/ui/app.py`: the router, the sidebar every screen shares, and the
banner of checks in progress on every screen but Check an article.

Laptop mode (no account): every screen, and a free-text reviewer name in the sidebar. Team
mode (at least one account): the sign-in screen only, until someone signs in; then every
screen, the account in the sidebar, and actions stored under it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.accounts.roles import Action, can
from workbench.ui.account import account_box, end_session
from workbench.ui.check_jobs import jobs_banner
from workbench.ui.services import (
    REVIEWER_KEY,
    heap_frozen,
    inject_style,
    signed_in,
    team_mode,
    team_mode_kept_for_this_run,
)
from workbench.ui.sign_in import sign_in_screen

# Not "pages": Streamlit runs files in a folder of that name directly on a server's first
# request (its older multipage mode), past the sign-in check below.
PAGES = Path(__file__).parent / "screens"

# No page icons: Streamlit fetches a ":material/...:" tab icon from fonts.gstatic.com (the
# workbench makes no request outside this machine), and emoji show as empty boxes where no
# emoji font is installed. The tab keeps Streamlit's own icon, served by the app.
st.set_page_config(page_title="Fact-check workbench", layout="wide")
inject_style()
CHECK = st.Page(PAGES / "check.py", title="Check an article", icon="")
SCREENS = [
    st.Page(PAGES / "review.py", title="Review", icon="", default=True),
    st.Page(PAGES / "focus.py", title="Focus", icon=""),
    CHECK,
    st.Page(PAGES / "corpora.py", title="Corpora", icon=""),
    st.Page(PAGES / "factchecks.py", title="Fact-checks", icon=""),
    st.Page(PAGES / "reports.py", title="Reports", icon=""),
]
with team_mode_kept_for_this_run():
    if team_mode():
        account = signed_in()
        if account is None:  # never signed in, signed out, or disabled since
            end_session()
            # Whichever screen the address names, the sign-in screen is drawn in its place (and
            # that screen after signing in): the screen itself never runs.
            st.navigation(SCREENS, position="hidden")
            sign_in_screen()
            st.stop()
        with st.sidebar:
            account_box(account)
        # Screens of the desk's managers: absent from the navigation of anyone else.
        if can(account.role, Action.RESOLVE):
            SCREENS.append(st.Page(PAGES / "agreement.py", title="Agreement", icon=""))
        if can(account.role, Action.MANAGE_USERS):
            SCREENS.append(st.Page(PAGES / "users.py", title="Users", icon=""))
    else:
        # The name lives in its own session key (a widget's state does not survive every rerun
        # of an st.navigation app) and in the address (?reviewer=...), so a reload keeps it too.
        if REVIEWER_KEY not in st.session_state:
            st.session_state[REVIEWER_KEY] = st.query_params.get(REVIEWER_KEY, "")
        if st.session_state[REVIEWER_KEY]:
            st.query_params[REVIEWER_KEY] = st.session_state[REVIEWER_KEY]
        with st.sidebar:
            st.text_input(
                "Reviewer",
                value=st.session_state.get(REVIEWER_KEY, ""),
                key="sidebar.reviewer",
                placeholder="your name",
                help="Stored with every review action.",
                on_change=lambda: st.session_state.update(
                    {REVIEWER_KEY: st.session_state["sidebar.reviewer"]}
                ),
            )
    screen = st.navigation(SCREENS)
    if screen.url_path != CHECK.url_path:  # Check shows its checks in full
        jobs_banner()
    screen.run()
heap_frozen()

"""`streamlit run workbench/ui/app.py`: the router and the sidebar every screen shares."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.ui.services import REVIEWER_KEY, inject_style

PAGES = Path(__file__).parent / "pages"

# No page icons: Streamlit fetches a ":material/...:" tab icon from fonts.gstatic.com (the
# workbench makes no request outside this machine), and emoji show as empty boxes where no
# emoji font is installed. The tab keeps Streamlit's own icon, served by the app.
st.set_page_config(page_title="Fact-check workbench", layout="wide")
inject_style()
# The name lives in its own session key (a widget's state does not survive every rerun of an
# st.navigation app) and in the address (?reviewer=...), so a reload keeps it too.
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
navigation = st.navigation(
    [
        st.Page(PAGES / "review.py", title="Review", icon="", default=True),
        st.Page(PAGES / "check.py", title="Check an article", icon=""),
        st.Page(PAGES / "corpora.py", title="Corpora", icon=""),
        st.Page(PAGES / "factchecks.py", title="Fact-checks", icon=""),
        st.Page(PAGES / "reports.py", title="Reports", icon=""),
    ]
)
navigation.run()

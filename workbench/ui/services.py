"""What every page shares: the cached Workbench, who is reviewing (the signed-in account in
team mode, the typed name in laptop mode), what they may do, and safe HTML pieces.

All text from documents, articles and notes goes through ``esc`` before it reaches
``st.markdown(..., unsafe_allow_html=True)``: a `<script>` in a source stays text. HTML is
emitted as one block without blank lines, so Markdown never parses inside it either.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from workbench.accounts.roles import Action, can, require
from workbench.accounts.users import UserService
from workbench.records import Article, Label, Run, User
from workbench.services import Workbench

# (text colour, highlight background) of each label; None: not verified, or rejected.
LABEL_COLOURS = {
    "SUPPORTED": ("#1e7b34", "#d9f2df"),
    "REFUTED": ("#b3261e", "#fbe0de"),
    "CONFLICTING": ("#b25e00", "#fde9cf"),
    "NOT_ENOUGH_EVIDENCE": ("#5f6368", "#e8eaed"),
    None: ("#8a8f98", "#f3f4f6"),
}
# What a journalist calls each label; the enum values stay in files, the CLI and the API.
LABEL_WORDS = {
    "SUPPORTED": "Supported",
    "REFUTED": "Refuted",
    "NOT_ENOUGH_EVIDENCE": "Not enough evidence",
    "CONFLICTING": "Conflicting evidence",
}


def label_words(label: Label | str | None, none: str = "Not verified") -> str:
    return LABEL_WORDS[str(label)] if label else none


T = TypeVar("T")
STYLE = "<style>" + (Path(__file__).parent / "style.css").read_text(encoding="utf-8") + "</style>"


@st.cache_resource
def heap_frozen() -> bool:
    """Once per server, after its first run: what is alive now (the libraries, the
    workbench) leaves the collector's reach. Streamlit's own post-run collection is off
    (.streamlit/config.toml), but Python's full collections still came every few clicks and
    scanned all of chromadb, onnxruntime and SQLAlchemy: 180 ms each (BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()
    return True


@st.cache_resource
def workbench() -> Workbench:
    """One Workbench per server process (the DB engine and index clients are shared)."""
    return Workbench()


def esc(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br>")


def badge(text: str, css: str = "", colour: str | None = None) -> str:
    style = f' style="background:{colour}"' if colour else ""
    return f'<span class="wb-badge {css}"{style}>{esc(text)}</span>'


def fold(summary: str, body: str) -> str:
    """HTML shut until clicked: the browser opens it without a round trip to the server."""
    return f'<details class="wb-fold"><summary>{esc(summary)}</summary>{body}</details>'


def link(url: str | None) -> str:
    """Only web addresses become links: a `javascript:` URL from a file stays text."""
    if not url:
        return ""
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def html(block: str) -> None:
    st.markdown(block.replace("\n", " "), unsafe_allow_html=True)


def inject_style() -> None:
    """The workbench's CSS, once per run (app.py calls it before any page)."""
    st.markdown(STYLE, unsafe_allow_html=True)


REVIEWER_KEY = "reviewer"  # laptop mode: the name typed in the sidebar
ACCOUNT_KEY = "account"  # team mode: the signed-in account's name (kept server-side)


def users() -> UserService:
    return UserService(workbench())


_TEAM_MODE_THIS_RUN = "_team_mode_this_run"


def team_mode() -> bool:
    """Whether any account exists. Read once per script run (every card asks; a database
    query each time was a tenth of a click on the Review screen); callbacks, which run before
    the script, find no value kept and read the database."""
    known = st.session_state.get(_TEAM_MODE_THIS_RUN)
    return users().team_mode() if known is None else bool(known)


@contextmanager
def team_mode_kept_for_this_run() -> Iterator[None]:
    """Keep `team_mode()` for the script run inside (app.py wraps the whole run)."""
    st.session_state[_TEAM_MODE_THIS_RUN] = users().team_mode()
    try:
        yield
    finally:
        st.session_state.pop(_TEAM_MODE_THIS_RUN, None)


def signed_in() -> User | None:
    """The signed-in account, read again on every run: disabling an account or changing
    its role takes effect on its next click."""
    name = st.session_state.get(ACCOUNT_KEY)
    return users().active(name) if name else None


def may(action: Action) -> bool:
    """Laptop mode: everything; team mode: what the signed-in account's role allows."""
    user = signed_in()
    return can(user.role, action) if user else not team_mode()


def reviewer() -> str:
    """The name shown as reviewing (empty: nobody yet, the actions stay disabled)."""
    return st.session_state.get(ACCOUNT_KEY) or st.session_state.get(REVIEWER_KEY, "").strip()


def reviewer_for(action: Action) -> str:
    """The name to store an action under; in team mode AccessDenied if the account was signed
    out, disabled or lost the right since the page was drawn (callbacks run before app.py)."""
    if team_mode():
        return require(signed_in(), action).name
    return reviewer()


def kept_selectbox(label: str, options: list[str], key: str, **kwargs: Any) -> str | None:
    """A selectbox whose choice stays when the user goes to another screen and back
    (Streamlit drops a widget's state when its page is not shown) and does not move when new
    options appear (a corpus added that sorts first): the value shown is kept by value."""
    kept = f"kept.{key}"
    chosen = st.session_state.get(kept)
    index = options.index(chosen) if chosen in options else 0
    if st.session_state.get(key) in options:
        # The widget's own state decides (set by a callback, e.g. the desk's "Open"); a
        # second default beside it would make Streamlit log a warning.
        index = 0
    value = st.selectbox(label, options, index=index, key=key, **kwargs)
    st.session_state[kept] = value
    return value


def kept(widget: Callable[..., T], label: str, key: str, default: T, **kwargs: Any) -> T:
    """An input (text, number, checkbox) whose value stays when the user goes to another
    screen and back: Streamlit drops a widget's state when its page is not shown."""
    remembered = f"kept.{key}"
    value = widget(label, value=st.session_state.get(remembered, default), key=key, **kwargs)
    st.session_state[remembered] = value
    return value


def review_run(runs: list[tuple[Run, Article]]) -> tuple[Run, Article]:
    """The run being reviewed, one choice that Review and Focus share (and keep across
    screens); stops the page with a hint when nothing has been checked yet."""
    if not runs:
        st.info("Nothing to review yet: check an article first (Check an article).")
        st.stop()
    labels = {
        run.run_id: f"{a.title} · {run.corpus} · {run.started_at:%Y-%m-%d %H:%M} · {run.run_id}"
        for run, a in runs
    }
    run_id = kept_selectbox("Run", list(labels), "review.run", format_func=labels.get)
    return next((run, a) for run, a in runs if run.run_id == run_id)

"""What every page shares: the cached Workbench, the reviewer, and safe HTML pieces.

All text from documents, articles and notes goes through ``esc`` before it reaches
``st.markdown(..., unsafe_allow_html=True)``: a `<script>` in a source stays text. HTML is
emitted as one block without blank lines, so Markdown never parses inside it either.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import streamlit as st

from workbench.services import Workbench

LABEL_COLOURS = {
    "SUPPORTED": ("#1e7b34", "#d9f2df"),
    "REFUTED": ("#b3261e", "#fbe0de"),
    "CONFLICTING": ("#b25e00", "#fde9cf"),
    "NOT_ENOUGH_EVIDENCE": ("#5f6368", "#e8eaed"),
    None: ("#8a8f98", "#f3f4f6"),
}
STYLE = "<style>" + (Path(__file__).parent / "style.css").read_text(encoding="utf-8") + "</style>"


@st.cache_resource
def workbench() -> Workbench:
    """One Workbench per server process (the DB engine and index clients are shared)."""
    return Workbench()


def esc(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br>")


def badge(text: str, css: str = "", colour: str | None = None) -> str:
    style = f' style="background:{colour}"' if colour else ""
    return f'<span class="wb-badge {css}"{style}>{esc(text)}</span>'


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


REVIEWER_KEY = "reviewer"


def reviewer() -> str:
    return st.session_state.get(REVIEWER_KEY, "").strip()


def kept_selectbox(label: str, options: list[str], key: str, **kwargs: Any) -> str | None:
    """A selectbox whose choice stays when the user goes to another screen and back
    (Streamlit drops a widget's state when its page is not shown) and does not move when new
    options appear (a corpus added that sorts first): the value shown is kept by value."""
    kept = f"kept.{key}"
    chosen = st.session_state.get(kept)
    index = options.index(chosen) if chosen in options else 0
    value = st.selectbox(label, options, index=index, key=key, **kwargs)
    st.session_state[kept] = value
    return value

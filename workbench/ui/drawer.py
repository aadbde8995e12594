"""A card section built only when the reviewer opens it.

An expander's content is built on every run, open or not, and Streamlit makes each text
widget walk the whole session state: with 20 cards of closed edit, note and citation forms,
a click on the Review screen spent most of its time building forms nobody had open
(BENCHMARKS.md, review latency 2026-12-03). A drawer costs one round trip to open instead.
"""

from __future__ import annotations

import streamlit as st


def _flip(key: str) -> None:
    st.session_state[key] = not st.session_state.get(key, False)


def close(key: str) -> None:
    """Close the drawer (after its form was saved, the card goes back to its face)."""
    st.session_state[key] = False


def drawer(label: str, key: str) -> bool:
    """A toggle button labelled ``label``; True while the drawer is open (draw its content)."""
    opened = bool(st.session_state.get(key, False))
    st.button(
        ("▾ " if opened else "▸ ") + label,
        key=f"{key}.toggle",
        on_click=_flip,
        args=(key,),
        type="tertiary",
    )
    return opened

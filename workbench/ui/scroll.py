"""Bring a card into view after Streamlit redraws the page (a page change keeps the old
scroll position). Within one page a plain `#card-...` link does it without a round trip;
this is for the jump to another page of cards. The script is ours and constant: only the
element id travels as data."""

from __future__ import annotations

import streamlit as st

_JS = """
export default function ({ data }) {
  const go = () => {
    const element = document.getElementById(data.target);
    if (element) element.scrollIntoView({ block: "start" });
    return Boolean(element);
  };
  if (!go()) requestAnimationFrame(go);
}
"""
_scroll = st.components.v2.component("workbench.scroll_to", js=_JS)


def scroll_to(element_id: str) -> None:
    _scroll(data={"target": element_id}, key=f"scroll.{element_id}")

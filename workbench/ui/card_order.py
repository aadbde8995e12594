"""The order of the cards on the Review screen, and the reviewer's place in it.

The orders sort by status and confidence, which an Accept or an Edit changes: sorted again on
every click, the card just decided would jump ten places and its confirmation with it. So the
order (and which cards are shown) is worked out once and kept in the session until the run,
a filter or the order changes, or the reviewer asks for it to be sorted again; "Next
pending" moves on deliberately instead.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import streamlit as st

from workbench.records import AssertionResult, ReviewState, ReviewStatus

Row = tuple[AssertionResult, ReviewState]
FROZEN_KEY = "review.frozen"  # (what the order was made for, the assertion ids in order)
PAGE_KEY = "review.page"
PAGE_SIZE_KEY = "review.page_size"
# 10 by default: every element on the page is resent and redrawn on every click, so a click on
# a page of 10 cards settles 13-36 % sooner than on one of 20 (BENCHMARKS.md, 2026-12-03).
PAGE_SIZES = (10, 20, 50)


def worth(item: Row) -> tuple[Any, ...]:
    """Highest check-worthiness first, then article position."""
    result, _ = item
    return (-result.assertion.checkworthy, result.assertion.start)


def priority(item: Row) -> tuple[Any, ...]:
    """Needs-review first, then pending, then by confidence (lowest first), then position."""
    result, state = item
    verdict = result.verdict
    return (
        verdict is None,
        not (verdict and verdict.needs_review),
        state.status != ReviewStatus.PENDING,
        verdict.confidence if verdict else 1.0,
        result.assertion.start,
    )


ORDERS: dict[str, Callable[[Row], Any]] = {  # the first is the default
    "most worth checking first": worth,
    "needs review first": priority,
    "article order": lambda item: item[0].assertion.start,
}


def kept_order(
    rows: Sequence[Row],
    keep: Callable[[AssertionResult, ReviewState], bool],
    order: str,
    made_for: Hashable,
) -> list[Row]:
    """The rows to show, in the order kept for ``made_for`` (run, filters, order); sorted
    afresh only when that changes. Each row carries its state as it is now."""
    by_id = {result.assertion.assertion_id: (result, state) for result, state in rows}
    kept = st.session_state.get(FROZEN_KEY)
    if kept is None or kept[0] != made_for:
        shown = sorted((row for row in rows if keep(*row)), key=ORDERS[order])
        kept = (made_for, [result.assertion.assertion_id for result, _ in shown])
        st.session_state[FROZEN_KEY] = kept
    return [by_id[aid] for aid in kept[1] if aid in by_id]


def sort_again() -> None:
    """The reviewer's own "sort again": decided cards take their place in the order."""
    st.session_state.pop(FROZEN_KEY, None)


def is_pending(row: Row) -> bool:
    result, state = row
    return result.verdict is not None and state.status == ReviewStatus.PENDING


def next_pending(shown: Sequence[Row], after: str | None = None) -> tuple[int, str] | None:
    """(position, assertion id) of the first pending card after ``after`` in the shown order,
    wrapping round to the top; None when nothing shown is pending."""
    ids = [result.assertion.assertion_id for result, _ in shown]
    start = ids.index(after) + 1 if after in ids else 0
    for offset in range(len(shown)):
        position = (start + offset) % len(shown)
        if ids[position] != after and is_pending(shown[position]):
            return position, ids[position]
    return None


def page_size() -> int:
    return int(st.session_state.get(PAGE_SIZE_KEY, PAGE_SIZES[0]))


def page_of(position: int) -> int:
    return position // page_size() + 1

"""The pieces of the Focus screen: which assertion is in focus, and that one assertion drawn
whole (its place in the article, the machine's proposal, the evidence, the history).

The queue is a run's verified assertions in article order (opinions and predictions are not
verified, so there is nothing to decide on them). The assertion in focus is kept by id, per
run, so deciding one (which changes its status) never moves the reviewer's place.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.records import AssertionResult, ReviewState, ReviewStatus
from workbench.ui.services import badge, esc

Row = tuple[AssertionResult, ReviewState]
CONTEXT_SENTENCES = 2  # on each side of the claim
DECIDED_KEY = "focus.decided"  # set by a decision's callback: move on from this assertion


def position_key(run_id: str) -> str:
    return f"focus.at.{run_id}"


class FocusQueue:
    def __init__(self, rows: Sequence[Row]) -> None:
        self.everything = sorted(rows, key=lambda row: row[0].assertion.start)
        self.rows = [row for row in self.everything if row[0].verdict is not None]
        self.ids = [row[0].assertion.assertion_id for row in self.rows]

    def index(self, assertion_id: str | None) -> int:
        return self.ids.index(assertion_id) if assertion_id in self.ids else 0

    def pending(self) -> int:
        return sum(1 for _, state in self.rows if state.status == ReviewStatus.PENDING)

    def next_pending(self, index: int) -> int | None:
        """The first pending assertion after ``index``, wrapping round; ``index`` itself
        only when it is the last one pending; None when nothing is."""
        count = len(self.rows)
        for step in range(1, count + 1):
            candidate = (index + step) % count
            if self.rows[candidate][1].status == ReviewStatus.PENDING:
                return candidate
        return None

    def position_line(self, index: int) -> str:
        return f"{index + 1} of {len(self.rows)} · {self.pending()} pending"

    def context(self, index: int, text: str) -> str:
        """The claim in its article: the sentences around it, the claim marked (HTML)."""
        claim = self.rows[index][0].assertion
        starts = [row[0].assertion for row in self.everything]
        at = next(i for i, a in enumerate(starts) if a.assertion_id == claim.assertion_id)
        first = starts[max(0, at - CONTEXT_SENTENCES)].start
        last = starts[min(len(starts) - 1, at + CONTEXT_SENTENCES)].end
        return (
            f'<div class="wb-article">{"… " if first else ""}{esc(text[first : claim.start])}'
            f"<mark>{esc(text[claim.start : claim.end])}</mark>"
            f"{esc(text[claim.end : last])}{' …' if last < len(text) else ''}</div>"
        )


def settle_position(queue: FocusQueue, run_id: str, move_on: bool) -> int:
    """The index in focus now: where the reviewer was (at first, the first pending one), or
    (after a decision, when they asked to move on) the next pending after the one decided."""
    key = position_key(run_id)
    decided = st.session_state.pop(DECIDED_KEY, None)
    if key in st.session_state:
        index = queue.index(st.session_state[key])
    else:  # a run opened for the first time in this session: where the work is
        index = queue.next_pending(len(queue.rows) - 1) or 0
    if move_on and decided in queue.ids:
        following = queue.next_pending(queue.index(decided))
        index = queue.index(decided) if following is None else following
    if queue.ids:
        st.session_state[key] = queue.ids[index]
    return index


def evidence(result: AssertionResult, state: ReviewState) -> str:
    """Every retrieved sentence, the ones the verdict cites marked (as the verdict stands)."""
    cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
    out = []
    for sentence in result.evidence:
        marked = (sentence.doc_id, sentence.start, sentence.end) in cited
        out.append(
            f'<div class="wb-ev{" cited" if marked else ""}">'
            f"{badge('cited') if marked else ''}<b>S{sentence.number}</b> {esc(sentence.text)}"
            f'<div class="wb-src">{esc(sentence.title)} · {esc(sentence.source)} · '
            f"characters {sentence.start}–{sentence.end}</div></div>"
        )
    return "".join(out) or '<div class="wb-muted">No source sentence was retrieved.</div>'


def history(state: ReviewState) -> str:
    lines = [
        f'<div class="wb-muted">v{e.version} · {e.at:%Y-%m-%d %H:%M} UTC · <b>{esc(e.reviewer)}</b>'
        f" · {esc(e.action.value)}"
        + (
            f" {esc(str(e.before.label))} → {esc(str(e.after.label))}"
            if e.before.label != e.after.label
            else ""
        )
        + (f" — {esc(e.note)}" if e.note else "")
        + "</div>"
        for e in state.history
    ]
    return "".join(lines) or '<div class="wb-muted">No review yet.</div>'

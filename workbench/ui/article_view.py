"""The article with every assertion highlighted in the colour of its decision: solid once a
reviewer decided, a dashed underline while the machine's proposal stands, neutral grey when
the reviewer rejected it or it was not verified."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.records import AssertionResult, ReviewState
from workbench.ui.card_face import anchor_id
from workbench.ui.decision import NOT_VERIFIED, REJECTED, Decision, decision_of
from workbench.ui.services import LABEL_COLOURS, esc


def highlighted_article(text: str, rows: Sequence[tuple[AssertionResult, ReviewState]]) -> str:
    parts, cursor = [], 0
    for result, state in sorted(rows, key=lambda item: item[0].assertion.start):
        a = result.assertion
        if a.start < cursor:
            continue
        decision = decision_of(result, state)
        _, background = LABEL_COLOURS[decision.label]
        style = "wb-decided" if decision.decided else "wb-proposed"
        parts.append(esc(text[cursor : a.start]))
        title, target = esc(_title(decision)), esc(anchor_id(a.assertion_id))
        parts.append(
            f'<mark class="{style}" style="background:{background}" title="{title}">'
            f'<a class="wb-jump" href="#{target}">{esc(text[a.start : a.end])}</a></mark>'
        )
        cursor = a.end
    parts.append(esc(text[cursor:]))
    return f'<div class="wb-article">{"".join(parts)}</div>'


def _title(decision: Decision) -> str:
    if decision.words in (NOT_VERIFIED, REJECTED):
        return decision.headline if decision.decided else decision.words
    if not decision.decided:
        return f"{decision.words} (machine proposal, not yet reviewed)"
    return f"{decision.words} · {decision.headline}"

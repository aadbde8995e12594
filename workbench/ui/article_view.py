"""The article with every assertion highlighted in the colour of its decision: underlined
solid once a reviewer decided, dashed while the machine's proposal stands; no colour when
the reviewer rejected it or it was not verified. Each highlight links to its card."""

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
        style = "wb-decided" if decision.decided else "wb-proposed"
        if decision.label is None:  # rejected or not verified: no label's colour
            style, background = f"{style} wb-neutral", "transparent"
        else:
            _, background = LABEL_COLOURS[decision.label]
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

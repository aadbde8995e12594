"""Recheck: re-run the stale verdicts of a run against the corpus as it is now.

Only assertions whose cited documents were replaced or removed since the check are re-run
(see workbench/check/staleness.py). Each new verdict replaces the machine's old one and is
recorded as a RECHECK review event (back to pending, the old verdict as "before"), so the
review history stays whole and a reviewer sees what changed and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.check.pipeline import Checker
from workbench.corpus.manage import require_corpus
from workbench.records import Label, LLMUsage
from workbench.review import ReviewService
from workbench.services import Workbench


@dataclass(frozen=True)
class Rechecked:
    assertion_id: str
    text: str
    reasons: tuple[str, ...]
    before: Label | None
    after: Label | None


@dataclass(frozen=True)
class RecheckReport:
    run_id: str
    rechecked: tuple[Rechecked, ...]
    current: int  # verdicts left alone: their cited documents stand as they did
    usage: LLMUsage


def recheck(
    wb: Workbench, run_id: str, progress: Callable[[int, int, str], None] | None = None
) -> RecheckReport:
    service = ReviewService(wb)
    run = service.run(run_id)
    require_corpus(wb, run.corpus)
    rows = service.results(run_id)
    stale = [(i, result, state) for i, (result, state) in enumerate(rows) if state.stale]
    checker = Checker(wb)
    seconds: dict[str, float] = {}
    usage: dict[str, LLMUsage] = {}
    done = []
    for count, (position, result, state) in enumerate(stale):
        if progress:
            progress(count, len(stale), result.assertion.text)
        fresh = checker.check_claim(result.assertion, run.corpus, seconds, usage)
        after = service.record_recheck(run_id, position, fresh, state)
        done.append(
            Rechecked(
                assertion_id=result.assertion.assertion_id,
                text=result.assertion.text,
                reasons=state.stale,
                before=state.current.label,
                after=after.current.label,
            )
        )
    if progress:
        progress(len(stale), len(stale), "")
    return RecheckReport(
        run_id=run_id,
        rechecked=tuple(done),
        current=len(rows) - len(stale),
        usage=sum(usage.values(), LLMUsage()),
    )

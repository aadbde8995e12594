"""Bulk review: accept every verdict a filter picks, after the reviewer has looked at the list.

Each verdict still gets its own versioned accept event, built on the version the reviewer saw
in that list. One that changed since (someone saved, or it no longer matches the filter) is
skipped and named, never accepted blind. Only pending, unflagged verdicts are ever picked: a
bulk action does not override a person's decision or a flag that says "check this yourself".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbench.records import AssertionResult, Label, Record, ReviewState, ReviewStatus, Verdict
from workbench.review import ReviewService, VersionConflict


def decided_by_rule(verdict: Verdict) -> bool:
    """A rule in code settled it (the corpus does not address the claim): the model gave no
    label probabilities. A model failure has none either, but is always flagged."""
    return not verdict.label_scores


class BulkFilter(Record):
    label: Label | None = None  # None: any label
    rule_only: bool = False

    def picks(self, result: AssertionResult, state: ReviewState) -> bool:
        verdict = result.verdict
        return (
            verdict is not None
            and state.status == ReviewStatus.PENDING
            and not verdict.needs_review
            and not state.stale
            and (self.label is None or state.current.label == self.label)
            and (not self.rule_only or decided_by_rule(verdict))
        )

    def describe(self) -> str:
        label = f"{self.label.value} " if self.label else ""
        return f"pending {label}verdicts" + (" decided by a rule" if self.rule_only else "")


class Skipped(Record):
    assertion_id: str
    reason: str


class BulkOutcome(Record):
    accepted: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def bulk_candidates(
    rows: Sequence[tuple[AssertionResult, ReviewState]], chosen: BulkFilter
) -> list[tuple[AssertionResult, ReviewState]]:
    """The rows a bulk action would touch, in article order (what the reviewer looks at)."""
    picked = [(r, s) for r, s in rows if chosen.picks(r, s)]
    return sorted(picked, key=lambda item: item[0].assertion.start)


def _changed(state: ReviewState, seen: int) -> str:
    later = state.history[seen:]
    who = ", ".join(f"{e.reviewer} ({e.action.value})" for e in later)
    return f"changed since you looked (version {seen} → {state.version}: {who})"


def bulk_accept(
    service: ReviewService,
    run_id: str,
    reviewer: str,
    chosen: BulkFilter,
    seen: Mapping[str, int],
) -> BulkOutcome:
    """Accept each assertion in ``seen`` (assertion id -> the version the reviewer saw) that
    still matches ``chosen`` at that version; the rest are skipped with the reason."""
    now = {r.assertion.assertion_id: (r, s) for r, s in service.results(run_id)}
    accepted: list[str] = []
    skipped: list[Skipped] = []
    for assertion_id, version in seen.items():
        if assertion_id not in now:
            skipped.append(Skipped(assertion_id=assertion_id, reason="not in this run"))
            continue
        result, state = now[assertion_id]
        if state.version != version:
            skipped.append(Skipped(assertion_id=assertion_id, reason=_changed(state, version)))
            continue
        if not chosen.picks(result, state):
            reason = f"no longer one of the {chosen.describe()}"
            skipped.append(Skipped(assertion_id=assertion_id, reason=reason))
            continue
        try:
            service.accept(run_id, assertion_id, reviewer, seen_version=version)
        except VersionConflict as exc:  # someone saved between the read above and this save
            skipped.append(Skipped(assertion_id=assertion_id, reason=str(exc)))
            continue
        accepted.append(assertion_id)
    return BulkOutcome(accepted=tuple(accepted), skipped=tuple(skipped))

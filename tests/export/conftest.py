"""A fixed report: records built by hand with fixed times, so golden files are stable.

Rows: 1 accepted as the model said; 2 relabelled by a reviewer (SUPPORTED -> REFUTED) and
annotated; 3 a prediction, not verified; 4 the model's REFUTED, rejected; 5 the model's
REFUTED 0.81, relabelled SUPPORTED, with a sentence retrieval missed cited by the reviewer;
6 a rule's NOT_ENOUGH_EVIDENCE, still pending (a draft).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from workbench.check.coverage import uncovered_verdict
from workbench.export.report import Report, make_report
from workbench.records import (
    Article,
    Assertion,
    AssertionKind,
    AssertionResult,
    AttributionKind,
    Citation,
    EvidenceSentence,
    Label,
    ReviewAction,
    ReviewEvent,
    ReviewStatus,
    Run,
    Verdict,
)
from workbench.review_state import derive_state, machine_fields

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SCORES = {"A": 0.5, "B": 0.3, "C": 0.2}  # a model verdict has label probabilities; a rule's not
# (who, action, change): an edit's change is a dict of new fields, a note's is its text.
Step = tuple[str, ReviewAction, Any]
AFTER = {
    ReviewAction.ACCEPT: ReviewStatus.ACCEPTED,
    ReviewAction.REJECT: ReviewStatus.REJECTED,
    ReviewAction.EDIT: ReviewStatus.EDITED,
}


def _assertion(
    i: int, text: str, kind: AssertionKind, attribution: AttributionKind, who: str | None = None
) -> Assertion:
    return Assertion(
        assertion_id=f"as-{i}",
        article_id="art-1",
        start=i * 100,
        end=i * 100 + len(text),
        text=text,
        kind=kind,
        attribution=attribution,
        attributed_to=who,
        checkworthy=min(1.0, 0.5 + i / 10),
    )


def _evidence(number: int, start: int, text: str) -> EvidenceSentence:
    return EvidenceSentence(
        number=number,
        passage_id=f"p-{number}",
        doc_id="doc-1",
        doc_sha256="abc",
        title="Brooklyn Bridge <b>history</b>",
        source="https://example.org/bridge",
        start=start,
        end=start + len(text),
        text=text,
        score=0.8,
    )


def _cite(ev: EvidenceSentence) -> Citation:
    return Citation(
        passage_id=ev.passage_id,
        doc_id=ev.doc_id,
        doc_sha256=ev.doc_sha256,
        start=ev.start,
        end=ev.end,
        quote=ev.text,
        title=ev.title,
        source=ev.source,
    )


def _factual(
    i: int, text: str, question: str, ev: EvidenceSentence, verdict: Verdict
) -> AssertionResult:
    return AssertionResult(
        assertion=_assertion(i, text, AssertionKind.FACTUAL, AttributionKind.NONE),
        questions=(question,),
        evidence=(ev,),
        verdict=verdict,
    )


def _results(rule: Verdict) -> list[AssertionResult]:
    ev1 = _evidence(1, 0, "The bridge opened on May 24, 1883.")
    ev2 = _evidence(2, 68, "It spans the East River.")
    c1, c2 = _cite(ev1), _cite(ev2)
    opened = "When did the bridge open?"
    return [
        AssertionResult(
            assertion=_assertion(
                1,
                "The bridge opened in 1883, the mayor said.",
                AssertionKind.QUOTE,
                AttributionKind.NAMED,
                "Mayor Low",
            ),
            questions=(opened,),
            evidence=(ev1, ev2),
            verdict=Verdict(
                label=Label.SUPPORTED,
                confidence=0.82,
                rationale="The source gives 1883.",
                citations=(c1,),
                label_scores=SCORES,
            ),
        ),
        _factual(
            2,
            "The bridge opened in 1890.",
            opened,
            ev1,
            Verdict(
                label=Label.SUPPORTED,
                confidence=0.51,
                rationale="Model was unsure.",
                citations=(c1,),
                label_scores=SCORES,
                needs_review=True,
                review_reasons=("rationale quotes text not in the sources",),
            ),
        ),
        AssertionResult(
            assertion=_assertion(
                3,
                "Insiders say a second bridge is planned.",
                AssertionKind.PREDICTION,
                AttributionKind.ANONYMOUS,
                "Insiders say",
            ),
        ),
        _factual(
            4,
            "It spans the Hudson <script>alert(1)</script>.",
            "Which river does it span?",
            ev2,
            Verdict(
                label=Label.REFUTED,
                confidence=0.74,
                rationale="The source names the East River.",
                citations=(c2,),
                label_scores=SCORES,
            ),
        ),
        _factual(
            5,
            "The bridge crosses the East River.",
            "Which river does it span?",
            ev2,
            Verdict(
                label=Label.REFUTED,
                confidence=0.81,
                rationale="The model misread the source.",
                citations=(c2,),
                label_scores=SCORES,
            ),
        ),
        _factual(6, "The bridge cost 15 million dollars.", "What did it cost?", ev1, rule),
    ]


def _events(result: AssertionResult, steps: Sequence[Step]) -> list[ReviewEvent]:
    """Events as the review service would append them, at 10:01, 10:02, ..."""
    fields, status, events = machine_fields(result), ReviewStatus.PENDING, []
    for version, (who, action, change) in enumerate(steps, 1):
        after = fields.model_copy(update=change) if action == ReviewAction.EDIT else fields
        events.append(
            ReviewEvent(
                run_id="run-1",
                assertion_id=result.assertion.assertion_id,
                version=version,
                reviewer=who,
                at=T0.replace(hour=10, minute=version),
                action=action,
                status_before=status,
                status_after=AFTER.get(action, status),
                before=fields,
                after=after,
                note=change if action == ReviewAction.NOTE else None,
            )
        )
        fields, status = after, AFTER.get(action, status)
    return events


# A sentence retrieval missed, cited by the reviewer who relabelled row 5.
MISSED = _cite(_evidence(3, 94, "The East River is a tidal strait.")).model_copy(
    update={"added_by": "Ana"}
)

REVIEWS: dict[str, list[Step]] = {
    "as-1": [("Ana", ReviewAction.ACCEPT, None)],
    "as-2": [
        (
            "Ben",
            ReviewAction.EDIT,
            {"label": Label.REFUTED, "rationale": "The source says 1883, not 1890."},
        ),
        ("Ana", ReviewAction.NOTE, "Checked <b>twice</b>."),
    ],
    "as-4": [("Ben", ReviewAction.REJECT, None)],
    "as-5": [
        (
            "Ana",
            ReviewAction.EDIT,
            {
                "label": Label.SUPPORTED,
                "rationale": "The source says it spans the East River.",
                "citations": (_cite(_evidence(2, 68, "It spans the East River.")), MISSED),
            },
        )
    ],
}


def fixed_report(
    reviews: Mapping[str, list[Step]] | None = None, rule: Verdict | None = None
) -> Report:
    """The fixed report; ``reviews`` replaces the review steps of the assertion ids it names,
    ``rule`` the coverage rule's verdict on row 6."""
    steps = {**REVIEWS, **(reviews or {})}
    article = Article(
        article_id="art-1",
        title="Bridges & <Rivers>",
        source="https://news.example/bridges",
        text="...",
        sha256="f00",
        added_at=T0,
    )
    run = Run(
        run_id="run-1",
        article_id="art-1",
        corpus="wiki",
        corpus_state="s1",
        model="embedded:qwen",
        prompt_versions=("check_questions@v1", "verify@v1", "explain@v2"),
        started_at=T0,
        finished_at=T0.replace(minute=35),
    )
    rows = [
        (r, derive_state("run-1", r, _events(r, steps.get(r.assertion.assertion_id, []))))
        for r in _results(rule or uncovered_verdict(["cost", "dollars"]))
    ]
    return make_report(article, run, rows, generated_at=T0.replace(hour=12, minute=0))


@pytest.fixture
def report() -> Report:
    return fixed_report()


@pytest.fixture
def report_with() -> Callable[..., Report]:
    """The fixed report with other reviews or another rule verdict: see fixed_report."""
    return fixed_report

"""A fixed report: records built by hand with fixed times, so golden files are stable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

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
    VerdictFields,
)
from workbench.review import derive_state

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SOURCE_TEXT = (
    "The bridge opened on May 24, 1883. <script>alert('source')</script> It spans the East River."
)


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
        checkworthy=0.5 + i / 10,
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


def _event(
    version: int,
    who: str,
    action: ReviewAction,
    before: VerdictFields,
    after: VerdictFields,
    status_before,
    status_after,
    note=None,
) -> ReviewEvent:  # type: ignore[no-untyped-def]
    return ReviewEvent(
        run_id="run-1",
        assertion_id="x",
        version=version,
        reviewer=who,
        at=T0.replace(hour=10, minute=version),
        action=action,
        status_before=status_before,
        status_after=status_after,
        before=before,
        after=after,
        note=note,
    )


@pytest.fixture
def report() -> Report:
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
    ev1 = _evidence(1, 0, "The bridge opened on May 24, 1883.")
    ev2 = _evidence(2, 68, "It spans the East River.")
    cite1 = Citation(
        passage_id="p-1",
        doc_id="doc-1",
        doc_sha256="abc",
        start=0,
        end=34,
        quote=ev1.text,
        title=ev1.title,
        source=ev1.source,
    )
    results = [
        AssertionResult(
            assertion=_assertion(
                1,
                "The bridge opened in 1883, the mayor said.",
                AssertionKind.QUOTE,
                AttributionKind.NAMED,
                "Mayor Low",
            ),
            questions=("When did the bridge open?",),
            evidence=(ev1, ev2),
            verdict=Verdict(
                label=Label.SUPPORTED,
                confidence=0.82,
                rationale="The source gives 1883.",
                citations=(cite1,),
            ),
        ),
        AssertionResult(
            assertion=_assertion(
                2, "The bridge opened in 1890.", AssertionKind.FACTUAL, AttributionKind.NONE
            ),
            questions=("When did the bridge open?",),
            evidence=(ev1,),
            verdict=Verdict(
                label=Label.SUPPORTED,
                confidence=0.51,
                rationale="Model was unsure.",
                citations=(cite1,),
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
        AssertionResult(
            assertion=_assertion(
                4,
                "It spans the Hudson <script>alert(1)</script>.",
                AssertionKind.FACTUAL,
                AttributionKind.NONE,
            ),
            questions=("Which river does it span?",),
            evidence=(ev2,),
            verdict=Verdict(
                label=Label.NOT_ENOUGH_EVIDENCE, confidence=0.6, rationale="Not settled."
            ),
        ),
    ]
    from workbench.review import machine_fields

    m1, m2, m4 = (machine_fields(results[i]) for i in (0, 1, 3))
    edited = m2.model_copy(
        update={
            "label": Label.REFUTED,
            "rationale": "The source says 1883, not 1890.",
            "citations": (cite1,),
        }
    )
    events = {
        "as-1": [
            _event(
                1, "Ana", ReviewAction.ACCEPT, m1, m1, ReviewStatus.PENDING, ReviewStatus.ACCEPTED
            )
        ],
        "as-2": [
            _event(
                1, "Ben", ReviewAction.EDIT, m2, edited, ReviewStatus.PENDING, ReviewStatus.EDITED
            ),
            _event(
                2,
                "Ana",
                ReviewAction.NOTE,
                edited,
                edited,
                ReviewStatus.EDITED,
                ReviewStatus.EDITED,
                note="Checked <b>twice</b>.",
            ),
        ],
        "as-4": [
            _event(
                1, "Ben", ReviewAction.REJECT, m4, m4, ReviewStatus.PENDING, ReviewStatus.REJECTED
            )
        ],
    }
    rows = [
        (
            r,
            derive_state(
                "run-1",
                r,
                [
                    e.model_copy(update={"assertion_id": r.assertion.assertion_id})
                    for e in events.get(r.assertion.assertion_id, [])
                ],
            ),
        )
        for r in results
    ]
    return make_report(article, run, rows, generated_at=T0.replace(hour=12, minute=0))

"""The whole chain on a real corpus (real Chroma, BM25, SQLite) with a scripted chat model."""

from __future__ import annotations

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.check.pipeline import Checker, article_from_text, verification_order
from workbench.records import Assertion, AssertionKind, AttributionKind, Label
from workbench.services import Workbench
from workbench.store import catalog

ARTICLE = (
    "The Brooklyn Bridge opened in 1890. "
    "I think it is surely the most beautiful bridge that should ever be built."
)


CORPUS = "fm2"


@pytest.fixture
def workbench(sample_workbench: Workbench, request: pytest.FixtureRequest) -> Workbench:
    """The shared sample corpus; each test's fake model is named after the test."""
    sample_workbench.__dict__.pop("llm", None)
    yield sample_workbench
    sample_workbench.__dict__.pop("llm", None)


def _fake(replies, wb: Workbench, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return fake_llm(replies, wb.db, name=request.node.name)


def _script() -> list:  # type: ignore[type-arg]
    return [
        text_reply('{"questions": ["When did the Brooklyn Bridge open?"]}'),
        letter_reply({"B": 0.85, "A": 0.1, "C": 0.05}),
        text_reply('{"sentences": [1, 2], "reason": "The sources give another opening year."}'),
    ]


def test_check_produces_cited_verified_verdicts_and_stores_them(
    workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    workbench.llm, fake = _fake(_script(), workbench, request)
    outcome = Checker(workbench).check(article_from_text(ARTICLE, "t", "s"), CORPUS)

    assert len(outcome.results) == 2
    fact, opinion = outcome.results
    assert outcome.article.text[fact.assertion.start : fact.assertion.end] == fact.assertion.text
    assert opinion.verdict is None  # opinions are shown, not verified, by default
    assert fact.questions == ("When did the Brooklyn Bridge open?",)
    assert fact.verdict.label == Label.REFUTED
    assert 1 <= len(fact.verdict.citations) <= 2
    with workbench.db.transaction() as session:
        for citation in fact.verdict.citations:  # every quote is verbatim in its stored document
            document = catalog.get_document(session, CORPUS, citation.doc_id)
            assert document.text[citation.start : citation.end] == citation.quote
            assert document.sha256 == citation.doc_sha256
    assert "Brooklyn Bridge" in fact.evidence[0].title
    prompt = fake.calls[1][0][-1].content
    assert "<sources>" in prompt and "Claim: The Brooklyn Bridge opened in 1890." in prompt
    assert outcome.run.usage_by_stage["questions"].calls == 1
    assert outcome.run.usage_by_stage["verify"].calls == 2
    assert outcome.run.finished_at is not None
    assert outcome.run.prompt_versions == ("check_questions@v1", "verify@v1", "explain@v2")


def test_a_rerun_resumes_and_calls_nothing(
    workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    workbench.llm, fake = _fake(_script(), workbench, request)
    article = article_from_text(ARTICLE, "t", "s")
    first = Checker(workbench).check(article, CORPUS)
    again = Checker(workbench).check(article, CORPUS)
    assert len(fake.calls) == 3
    assert again.run.run_id == first.run.run_id
    assert again.results == first.results


def test_the_reply_cache_spares_calls_across_runs(
    workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    """--all makes another run; the fact's calls are identical, so they come from the cache."""
    workbench.llm, fake = _fake(
        [
            *_script(),
            text_reply('{"questions": ["Is it beautiful?"]}'),
            letter_reply({"C": 0.9, "A": 0.05, "B": 0.05}),
        ],
        workbench,
        request,
    )
    article = article_from_text(ARTICLE, "t", "s")
    Checker(workbench).check(article, CORPUS)
    second = Checker(workbench).check(article, CORPUS, verify_all=True)
    assert len(fake.calls) == 5  # 3 for the fact (first run) + 2 for the opinion
    assert second.results[0].usage.calls == 0 and second.results[0].usage.cached_calls == 3
    assert second.results[1].verdict.label == Label.NOT_ENOUGH_EVIDENCE


def test_malformed_questions_still_verify_with_the_claim_and_flag_review(
    workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    workbench.llm, _ = _fake(
        [
            text_reply("no"),
            text_reply("nope"),
            text_reply("never"),
            letter_reply({"C": 0.9, "A": 0.05, "B": 0.05}),
        ],
        workbench,
        request,
    )
    outcome = Checker(workbench).check(
        article_from_text("The Brooklyn Bridge opened in 1890.", "t", "s"), CORPUS
    )
    verdict = outcome.results[0].verdict
    assert verdict.needs_review
    assert any("questions: malformed" in r for r in verdict.review_reasons)
    assert outcome.results[0].evidence  # the claim alone still found sources


def test_unknown_corpus_and_empty_article_are_clear_errors(workbench: Workbench) -> None:
    with pytest.raises(ValueError, match="empty"):
        article_from_text("  \n ", "t", "s")
    with pytest.raises(LookupError, match="no corpus named"):
        Checker(workbench).check(article_from_text("A claim.", "t", "s"), "nope")


def test_the_embedded_model_gets_its_fitted_offsets_and_others_none() -> None:
    from types import SimpleNamespace

    from workbench.check.pipeline import EMBEDDED_OFFSETS, verdict_offsets
    from workbench.settings import Settings

    def wb(kind: str, **settings):  # type: ignore[no-untyped-def]
        endpoint = SimpleNamespace(kind=kind)
        return SimpleNamespace(
            settings=Settings(**settings),
            llm=SimpleNamespace(llm=SimpleNamespace(endpoint=endpoint)),
        )

    assert verdict_offsets(wb("embedded")) == EMBEDDED_OFFSETS
    assert verdict_offsets(wb("openai")) == {} and verdict_offsets(wb("server")) == {}
    assert verdict_offsets(wb("openai", verdict_offsets={"B": 0.2})) == {"B": 0.2}


def _scored(i: int, kind: AssertionKind, worth: float) -> Assertion:
    return Assertion(
        assertion_id=f"as-{i}",
        article_id="art-1",
        start=i * 10,
        end=i * 10 + 5,
        text="claim",
        kind=kind,
        attribution=AttributionKind.NONE,
        checkworthy=worth,
    )


def test_verification_order_is_by_score_and_top_cuts_the_verifiable_ones() -> None:
    assertions = [
        _scored(0, AssertionKind.FACTUAL, 0.2),
        _scored(1, AssertionKind.OPINION, 0.9),  # most worth checking, but not verified by default
        _scored(2, AssertionKind.STATISTIC, 0.7),
        _scored(3, AssertionKind.QUOTE, 0.7),  # a tie with 2: article order
    ]
    assert verification_order(assertions, False, None) == ([1, 2, 3, 0], {0, 2, 3})
    assert verification_order(assertions, False, 2) == ([1, 2, 3, 0], {2, 3})
    assert verification_order(assertions, True, 2) == ([1, 2, 3, 0], {1, 2})
    assert verification_order(assertions, False, 10)[1] == {0, 2, 3}


def test_top_n_is_its_own_run_and_stores_why_the_rest_was_not_verified(
    workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    article = article_from_text(
        "The Brooklyn Bridge opened in 1890. The Brooklyn Bridge crosses the East River.", "t", "s"
    )
    script = [*_script(), *_script()]  # enough for both claims of the full run
    workbench.llm, fake = _fake(script, workbench, request)
    top = Checker(workbench).check(article, CORPUS, top=1)
    assert len(fake.calls) == 3  # one claim verified
    skipped = [r for r in top.results if r.verdict is None]
    assert (
        len(skipped) == 1 and skipped[0].not_verified_reason == "not among the 1 most check-worthy"
    )
    verified = next(r for r in top.results if r.verdict is not None)
    assert verified.assertion.checkworthy >= skipped[0].assertion.checkworthy
    assert [r.assertion.start for r in top.results] == sorted(
        r.assertion.start for r in top.results
    )

    full = Checker(workbench).check(article, CORPUS)
    assert full.run.run_id != top.run.run_id  # a later full run is not taken for the top-1 one
    assert all(r.verdict is not None for r in full.results)
    with pytest.raises(ValueError, match="at least 1"):
        Checker(workbench).check(article, CORPUS, top=0)

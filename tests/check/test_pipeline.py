"""The whole chain on a real corpus (real Chroma, BM25, SQLite) with a scripted chat model."""

from __future__ import annotations

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.check.pipeline import Checker, article_from_text
from workbench.records import Label
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

from datetime import UTC, datetime

from workbench.records import (
    Article,
    Assertion,
    AssertionKind,
    AssertionResult,
    AttributionKind,
    Label,
    LLMUsage,
    Run,
    Verdict,
    assertion_id,
)
from workbench.store import checks
from workbench.store.db import Database

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _setup(url: str) -> tuple[Database, Article, Run]:
    db = Database(url)
    article = Article(
        article_id="art-1", title="T", source="s", text="A b. C d.", sha256="x", added_at=NOW
    )
    run = Run(
        run_id="run-1",
        article_id="art-1",
        corpus="c",
        corpus_state="st",
        model="m",
        prompt_versions=("verify@v1",),
        started_at=NOW,
    )
    with db.transaction() as session:
        checks.put_article(session, article)
        checks.put_run(session, run)
    return db, article, run


def _result(start: int, end: int, text: str, label: Label | None) -> AssertionResult:
    assertion = Assertion(
        assertion_id=assertion_id("art-1", start, end),
        article_id="art-1",
        start=start,
        end=end,
        text=text,
        kind=AssertionKind.FACTUAL,
        attribution=AttributionKind.NONE,
        checkworthy=0.5,
    )
    verdict = (
        None
        if label is None
        else Verdict(label=label, confidence=0.7, rationale="r", needs_review=True)
    )
    return AssertionResult(assertion=assertion, verdict=verdict, usage=LLMUsage(calls=2))


def test_results_round_trip_in_order_and_mark_what_is_done(each_database: str) -> None:
    db, _, run = _setup(each_database)
    second, first = _result(5, 9, "C d.", None), _result(0, 4, "A b.", Label.REFUTED)
    with db.transaction() as session:
        checks.put_result(session, run.run_id, 1, second)
        checks.put_result(session, run.run_id, 0, first)
        checks.put_result(session, run.run_id, 0, first)  # idempotent
    with db.transaction() as session:
        results = checks.results_of_run(session, run.run_id)
        done = checks.done_assertions(session, run.run_id)
    assert results == [first, second]
    assert done == {first.assertion.assertion_id, second.assertion.assertion_id}


def test_runs_update_in_place_and_are_listed_per_article(each_database: str) -> None:
    db, article, run = _setup(each_database)
    finished = run.model_copy(
        update={"finished_at": NOW, "usage_by_stage": {"verify": LLMUsage(calls=3)}}
    )
    with db.transaction() as session:
        checks.put_run(session, finished)
    with db.transaction() as session:
        assert checks.get_run(session, "run-1") == finished
        assert checks.runs_of_article(session, article.article_id) == [finished]
        assert checks.get_article(session, "art-1") == article


def test_a_failed_transaction_leaves_nothing(each_database: str) -> None:
    db, _, run = _setup(each_database)
    try:
        with db.transaction() as session:
            checks.put_result(session, run.run_id, 0, _result(0, 4, "A b.", Label.SUPPORTED))
            raise RuntimeError("crash mid-write")
    except RuntimeError:
        pass
    with db.transaction() as session:
        assert checks.results_of_run(session, run.run_id) == []


def test_reply_cache_round_trip(each_database: str) -> None:
    db, _, _ = _setup(each_database)
    with db.transaction() as session:
        assert checks.cached_reply(session, "k") is None
        checks.cache_reply(session, "k", {"text": "A"}, NOW)
    with db.transaction() as session:
        assert checks.cached_reply(session, "k") == {"text": "A"}

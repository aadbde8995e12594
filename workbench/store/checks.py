"""Articles, runs and what the chain produced per assertion, plus the LLM reply cache.

Each assertion's result is committed on its own, so a run that dies keeps everything it
finished and a rerun resumes where it stopped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import Article, AssertionResult, Run
from workbench.store.db import Base, UTCDateTime


class ArticleRow(Base):
    __tablename__ = "articles"
    article_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RunRow(Base):
    __tablename__ = "runs"
    run_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.article_id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    record_json: Mapped[str] = mapped_column(Text)


class ResultRow(Base):
    __tablename__ = "assertion_results"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id"), primary_key=True)
    assertion_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(32), nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    result_json: Mapped[str] = mapped_column(Text)

    def record(self) -> AssertionResult:
        return AssertionResult.model_validate_json(self.result_json)


class LLMCacheRow(Base):
    __tablename__ = "llm_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    reply: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


def put_article(session: Session, article: Article) -> None:
    if session.get(ArticleRow, article.article_id) is None:
        session.add(ArticleRow(**article.model_dump()))


def get_article(session: Session, article_id: str) -> Article | None:
    row = session.get(ArticleRow, article_id)
    if row is None:
        return None
    return Article(
        article_id=row.article_id,
        title=row.title,
        source=row.source,
        text=row.text,
        sha256=row.sha256,
        added_at=row.added_at,
    )


def put_run(session: Session, run: Run) -> None:
    row = session.get(RunRow, run.run_id)
    if row is None:
        row = RunRow(run_id=run.run_id, article_id=run.article_id, started_at=run.started_at)
        session.add(row)
    row.finished_at = run.finished_at
    row.record_json = run.model_dump_json()


def get_run(session: Session, run_id: str) -> Run | None:
    row = session.get(RunRow, run_id)
    return Run.model_validate_json(row.record_json) if row else None


def runs_of_article(session: Session, article_id: str) -> list[Run]:
    rows = session.scalars(
        select(RunRow).where(RunRow.article_id == article_id).order_by(RunRow.started_at.desc())
    )
    return [Run.model_validate_json(row.record_json) for row in rows]


def all_runs(session: Session) -> list[Run]:
    rows = session.scalars(select(RunRow).order_by(RunRow.started_at.desc()))
    return [Run.model_validate_json(row.record_json) for row in rows]


def put_result(session: Session, run_id: str, position: int, result: AssertionResult) -> None:
    verdict = result.verdict
    session.merge(
        ResultRow(
            run_id=run_id,
            assertion_id=result.assertion.assertion_id,
            position=position,
            label=verdict.label.value if verdict else None,
            confidence=verdict.confidence if verdict else None,
            needs_review=bool(verdict and verdict.needs_review),
            result_json=result.model_dump_json(),
        )
    )


def results_of_run(session: Session, run_id: str) -> list[AssertionResult]:
    rows = session.scalars(
        select(ResultRow).where(ResultRow.run_id == run_id).order_by(ResultRow.position)
    )
    return [row.record() for row in rows]


def get_result(session: Session, run_id: str, assertion_id: str) -> AssertionResult | None:
    row = session.get(ResultRow, (run_id, assertion_id))
    return row.record() if row else None


def done_assertions(session: Session, run_id: str) -> set[str]:
    return set(session.scalars(select(ResultRow.assertion_id).where(ResultRow.run_id == run_id)))


def stored_counts(session: Session) -> dict[str, int]:
    """How many assertions each run has stored (an unfinished run: how far it got)."""
    rows = session.execute(select(ResultRow.run_id, func.count()).group_by(ResultRow.run_id))
    return {run_id: n for run_id, n in rows}


def cached_reply(session: Session, key: str) -> dict | None:
    row = session.get(LLMCacheRow, key)
    return row.reply if row else None


def cache_reply(session: Session, key: str, reply: dict, now: datetime) -> None:
    session.merge(LLMCacheRow(key=key, reply=reply, created_at=now))

"""Review events: append-only, one row per action, numbered per verdict.

The (run, assertion, version) key is unique, so two reviewers who both saw version 3 and
both save cannot both write version 4: the second insert fails and is told, on SQLite and
PostgreSQL alike. Nothing is ever updated or deleted.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import ReviewEvent
from workbench.store.db import Base, Database


class ReviewEventRow(Base):
    __tablename__ = "review_events"
    __table_args__ = (UniqueConstraint("run_id", "assertion_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id"), index=True)
    assertion_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    event_json: Mapped[str] = mapped_column(Text)


class VersionConflict(RuntimeError):
    """Someone saved a review of this verdict after you opened it."""


def append_event(db: Database, event: ReviewEvent) -> None:
    try:
        with db.transaction() as session:
            session.add(
                ReviewEventRow(
                    run_id=event.run_id,
                    assertion_id=event.assertion_id,
                    version=event.version,
                    reviewer=event.reviewer,
                    action=event.action.value,
                    event_json=event.model_dump_json(),
                )
            )
    except IntegrityError as exc:
        raise VersionConflict(
            f"this verdict changed while you were reviewing it (version {event.version} is "
            "taken): reload it, look at the newer review, and save again"
        ) from exc


def events_for(session: Session, run_id: str, assertion_id: str | None = None) -> list[ReviewEvent]:
    query = select(ReviewEventRow.event_json).where(ReviewEventRow.run_id == run_id)
    if assertion_id is not None:
        query = query.where(ReviewEventRow.assertion_id == assertion_id)
    rows = session.scalars(query.order_by(ReviewEventRow.assertion_id, ReviewEventRow.version))
    return [ReviewEvent.model_validate_json(row) for row in rows]


def runs_with_assertion(session: Session, assertion_id: str) -> list[str]:
    from workbench.store.checks import ResultRow, RunRow

    rows = session.execute(
        select(ResultRow.run_id)
        .join(RunRow, RunRow.run_id == ResultRow.run_id)
        .where(ResultRow.assertion_id == assertion_id)
        .order_by(RunRow.started_at.desc())
    )
    return [run_id for (run_id,) in rows]

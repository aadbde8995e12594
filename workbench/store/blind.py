"""Blind double review: which runs are under it, and their two reviewers.

One row per run. The votes themselves are review events (`blind_vote`), so they sit in
the verdict's versioned, append-only history with everything else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import BlindRun
from workbench.store.db import Base, UTCDateTime


class BlindRunRow(Base):
    __tablename__ = "blind_runs"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id"), primary_key=True)
    first_reviewer: Mapped[str] = mapped_column(String(64))  # account names
    second_reviewer: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _blind_run(row: BlindRunRow) -> BlindRun:
    return BlindRun(
        run_id=row.run_id,
        reviewers=(row.first_reviewer, row.second_reviewer),
        set_by=row.set_by,
        set_at=row.set_at,
    )


def put(session: Session, blind: BlindRun) -> None:
    """Switch blind review on for the run, or name its reviewers anew."""
    row = session.get(BlindRunRow, blind.run_id)
    if row is None:
        row = BlindRunRow(run_id=blind.run_id)
        session.add(row)
    row.first_reviewer, row.second_reviewer = blind.reviewers
    row.set_by, row.set_at = blind.set_by, blind.set_at
    session.flush()


def get(session: Session, run_id: str) -> BlindRun | None:
    row = session.get(BlindRunRow, run_id)
    return _blind_run(row) if row else None


def all_blind(session: Session) -> list[BlindRun]:
    return [
        _blind_run(r) for r in session.scalars(select(BlindRunRow).order_by(BlindRunRow.run_id))
    ]

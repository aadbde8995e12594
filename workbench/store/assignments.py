"""Assignments: which reviewer an editor gave a run, or one assertion of a run, to.

One row per (run, assertion): assigning it again hands it to someone else (the row keeps
who assigned it last, and when). A whole run is stored with the empty assertion id, so the
unique key holds for it too (NULLs would never collide).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import Assignment
from workbench.store.db import Base, UTCDateTime

WHOLE_RUN = ""


class AssignmentRow(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("run_id", "assertion_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id"), index=True)
    assertion_id: Mapped[str] = mapped_column(String(40), default=WHOLE_RUN)
    assignee: Mapped[str] = mapped_column(String(64), index=True)  # the account's name
    assigned_by: Mapped[str] = mapped_column(String(64))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(
        run_id=row.run_id,
        assertion_id=row.assertion_id or None,
        assignee=row.assignee,
        assigned_by=row.assigned_by,
        assigned_at=row.assigned_at,
    )


def put(session: Session, assignment: Assignment) -> None:
    """Assign, or hand over to another assignee if the run or assertion is assigned."""
    key = assignment.assertion_id or WHOLE_RUN
    row = session.scalar(
        select(AssignmentRow).where(
            AssignmentRow.run_id == assignment.run_id, AssignmentRow.assertion_id == key
        )
    )
    if row is None:
        row = AssignmentRow(run_id=assignment.run_id, assertion_id=key)
        session.add(row)
    row.assignee = assignment.assignee
    row.assigned_by = assignment.assigned_by
    row.assigned_at = assignment.assigned_at
    session.flush()


def remove(session: Session, run_id: str, assertion_id: str | None) -> bool:
    """Take an assignment back; whether there was one."""
    removed = session.execute(
        delete(AssignmentRow).where(
            AssignmentRow.run_id == run_id,
            AssignmentRow.assertion_id == (assertion_id or WHOLE_RUN),
        )
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def find(
    session: Session, assignee: str | None = None, run_id: str | None = None
) -> list[Assignment]:
    """Assignments, by run then assertion (the whole run first), of one assignee or run."""
    query = select(AssignmentRow)
    if assignee is not None:
        query = query.where(AssignmentRow.assignee == assignee)
    if run_id is not None:
        query = query.where(AssignmentRow.run_id == run_id)
    rows = session.scalars(query.order_by(AssignmentRow.run_id, AssignmentRow.assertion_id))
    return [_assignment(row) for row in rows]

"""Review events: append-only, one row per action, numbered per verdict.

The (run, assertion, version) key is unique, so two reviewers who both saw version 3 and
both save cannot both write version 4: the second insert fails and is told who wrote it,
on SQLite and PostgreSQL alike. Nothing is ever updated or deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import ReviewAction, ReviewEvent
from workbench.store.db import Base, Database

# A column length: PostgreSQL enforces it (SQLite does not), so the review service checks it.
MAX_REVIEWER_NAME = 200


class ReviewEventRow(Base):
    __tablename__ = "review_events"
    __table_args__ = (UniqueConstraint("run_id", "assertion_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id"), index=True)
    assertion_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(MAX_REVIEWER_NAME))
    action: Mapped[str] = mapped_column(String(16))
    event_json: Mapped[str] = mapped_column(Text)


_DID = {
    ReviewAction.ACCEPT: "accepted it",
    ReviewAction.REJECT: "rejected it",
    ReviewAction.EDIT: "edited it",
    ReviewAction.NOTE: "added a note",
    ReviewAction.RECHECK: "rechecked it",
    ReviewAction.SIGN_OFF: "signed it off",
    ReviewAction.SEND_BACK: "sent it back",
    ReviewAction.BLIND_VOTE: "voted on it blind",
}


class VersionConflict(RuntimeError):
    """Someone saved a review of this verdict after you saw it.

    `changes` are the events saved since `seen_version`, oldest first: the first one took
    the version this save wanted, the last one is the verdict as it stands now.
    """

    def __init__(self, seen_version: int, changes: Sequence[ReviewEvent]) -> None:
        self.seen_version = seen_version
        self.changes = tuple(changes)
        super().__init__(_conflict_message(seen_version, self.changes))

    @property
    def current_version(self) -> int:
        return self.changes[-1].version if self.changes else self.seen_version

    @property
    def winner(self) -> ReviewEvent | None:
        """The save that got in first, or None if it cannot be read back."""
        return self.changes[0] if self.changes else None


def _conflict_message(seen_version: int, changes: Sequence[ReviewEvent]) -> str:
    if not changes:
        return f"someone changed this verdict after you saw version {seen_version}: reload it"
    names = list(dict.fromkeys(e.reviewer for e in changes))  # each name once, in order
    done = ", then ".join(
        f"{'' if len(names) == 1 else e.reviewer + ' '}{_DID[e.action]} "
        f"at {e.at:%Y-%m-%d %H:%M} UTC"
        for e in changes
    )
    return (
        f"{', '.join(names)} changed this verdict after you saw version {seen_version} ({done}); "
        f"it is now version {changes[-1].version}"
    )


def append_event(
    db: Database, event: ReviewEvent, then: Callable[[Session], None] | None = None
) -> None:
    """Insert one event; VersionConflict naming the winner if its version is taken.

    `then` runs in the same transaction after the insert (the review service keeps the
    fact-check archive in step with it): both commit, or neither does.
    """
    append_events(db, (event,), then)


def append_events(
    db: Database, events: Sequence[ReviewEvent], then: Callable[[Session], None] | None = None
) -> None:
    """Insert consecutive events of one verdict in one transaction (a blind vote and the
    decision it settles); VersionConflict if the first one's version is taken."""
    first = events[0]
    try:
        with db.transaction() as session:
            for event in events:
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
            if then is not None:
                session.flush()  # the key check first: a conflict never reaches `then`
                then(session)
    except IntegrityError as exc:
        seen = first.version - 1
        with db.transaction() as session:
            changes = events_since(session, first.run_id, first.assertion_id, seen)
        if not changes or changes[0].version != first.version:
            raise  # not the version key (nobody holds this version): a different fault
        raise VersionConflict(seen, changes) from exc


def events_for(session: Session, run_id: str, assertion_id: str | None = None) -> list[ReviewEvent]:
    query = select(ReviewEventRow.event_json).where(ReviewEventRow.run_id == run_id)
    if assertion_id is not None:
        query = query.where(ReviewEventRow.assertion_id == assertion_id)
    rows = session.scalars(query.order_by(ReviewEventRow.assertion_id, ReviewEventRow.version))
    return [ReviewEvent.model_validate_json(row) for row in rows]


def events_since(
    session: Session, run_id: str, assertion_id: str, version: int
) -> list[ReviewEvent]:
    """One verdict's events after `version`, oldest first."""
    rows = session.scalars(
        select(ReviewEventRow.event_json)
        .where(
            ReviewEventRow.run_id == run_id,
            ReviewEventRow.assertion_id == assertion_id,
            ReviewEventRow.version > version,
        )
        .order_by(ReviewEventRow.version)
    )
    return [ReviewEvent.model_validate_json(row) for row in rows]


def reviewed_assertions(session: Session) -> list[tuple[str, str]]:
    """(run, assertion) of every verdict with at least one event."""
    rows = session.execute(select(ReviewEventRow.run_id, ReviewEventRow.assertion_id).distinct())
    return [(run_id, assertion_id) for run_id, assertion_id in rows]


def runs_with_assertion(session: Session, assertion_id: str) -> list[str]:
    from workbench.store.checks import ResultRow, RunRow

    rows = session.execute(
        select(ResultRow.run_id)
        .join(RunRow, RunRow.run_id == ResultRow.run_id)
        .where(ResultRow.assertion_id == assertion_id)
        .order_by(RunRow.started_at.desc())
    )
    return [run_id for (run_id,) in rows]

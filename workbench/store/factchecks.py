"""The fact-check archive: one row per fact-check, in the same database as the reviews.

Search is plain SQL, so it works on SQLite and PostgreSQL alike: each row keeps its claim,
title, rating and rationale as casefolded words in `search_text`, and a query matches when
every one of its words begins a word there (`LIKE '% word%'`). SQLite's FTS5 would rank
better but needs a virtual table that SQLAlchemy's create_all does not make and PostgreSQL
does not have; over 10,000 rows a search took 15-25 ms on a busy 2-core machine. Ranking
by meaning is the matcher's work (workbench/matching), which reads every claim and title at
once through `claims_and_titles`.

Callers pass the session, so a write is part of their one transaction (an import file, a
review event with its archive entry).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date as calendar_date

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    delete,
    func,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Mapped, Session, mapped_column

from workbench.records import FactCheck, ReviewedOrigin
from workbench.store.db import Base

_WORD = re.compile(r"\w+")


class FactCheckRow(Base):
    __tablename__ = "factchecks"
    # One archive entry per reviewed verdict; imports leave both columns empty (NULLs differ).
    __table_args__ = (UniqueConstraint("run_id", "assertion_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    claim: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    date: Mapped[calendar_date | None] = mapped_column(Date, nullable=True, index=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(16))
    run_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    assertion_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    search_text: Mapped[str] = mapped_column(Text)
    claim_words: Mapped[str] = mapped_column(Text)  # the claim's part of it: ranks matches
    record_json: Mapped[str] = mapped_column(Text)

    def record(self) -> FactCheck:
        return FactCheck.model_validate_json(self.record_json)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _spaced(text: str) -> str:
    """Casefolded words with a space before each, so that "% word%" finds word starts only."""
    return " " + " ".join(words(text)) + " "


def _search_text(fc: FactCheck) -> str:
    return _spaced(" ".join((fc.claim, fc.title or "", fc.rating, fc.rationale or "")))


def put(session: Session, fc: FactCheck, *, new: bool = False) -> None:
    """Insert or replace the fact-check with this id; `new`: the caller knows there is none
    (a plain INSERT, without the lookup a replace needs)."""
    origin = fc.origin
    reviewed = isinstance(origin, ReviewedOrigin)
    (session.add if new else session.merge)(
        FactCheckRow(
            id=fc.id,
            claim=fc.claim,
            label=fc.label.value if fc.label else None,
            date=fc.date,
            url=fc.url,
            origin=origin.kind,
            run_id=origin.run_id if reviewed else None,
            assertion_id=origin.assertion_id if reviewed else None,
            search_text=_search_text(fc),
            claim_words=_spaced(fc.claim),
            record_json=fc.model_dump_json(),
        )
    )


def get(session: Session, factcheck_id: str) -> FactCheck | None:
    row = session.get(FactCheckRow, factcheck_id)
    return row.record() if row else None


def get_many(session: Session, ids: Iterable[str]) -> dict[str, FactCheck]:
    """The fact-checks among `ids` that exist, by id (a query per 500 ids)."""
    wanted, found = list(dict.fromkeys(ids)), {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.scalars(select(FactCheckRow).where(FactCheckRow.id.in_(chunk))):
            found[row.id] = row.record()
    return found


def remove(session: Session, factcheck_id: str) -> bool:
    """True if there was one to remove."""
    return session.execute(delete(FactCheckRow).where(FactCheckRow.id == factcheck_id)).rowcount > 0


def _newest_first(query: Select[tuple[FactCheckRow]]) -> Select[tuple[FactCheckRow]]:
    return query.order_by(FactCheckRow.date.desc().nulls_last(), FactCheckRow.id)


def list_all(session: Session, limit: int | None = None) -> list[FactCheck]:
    """Newest first (undated last)."""
    rows = session.scalars(_newest_first(select(FactCheckRow)).limit(limit))
    return [row.record() for row in rows]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FactCheckRow)) or 0


def _starts_a_word(column: InstrumentedAttribute[str], word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"% {escaped}%", escape="\\")


def search(session: Session, text: str, limit: int | None = 50) -> list[FactCheck]:
    """Fact-checks where every word of `text` starts a word of the claim, title, rating or
    rationale (case-insensitive); those whose claim has all the words come first, then
    newest first. No word in `text`: nothing."""
    wanted = list(dict.fromkeys(words(text)))
    if not wanted:
        return []
    in_claim = and_(*(_starts_a_word(FactCheckRow.claim_words, w) for w in wanted))
    query = (
        select(FactCheckRow)
        .where(*(_starts_a_word(FactCheckRow.search_text, w) for w in wanted))
        .order_by(case((in_claim, 0), else_=1))
    )
    rows = session.scalars(_newest_first(query).limit(limit))
    return [row.record() for row in rows]


def all_claims(session: Session) -> list[tuple[str, str]]:
    """(id, claim) of every fact-check, in id order: what a claim matcher indexes."""
    rows = session.execute(select(FactCheckRow.id, FactCheckRow.claim).order_by(FactCheckRow.id))
    return [(fc_id, claim) for fc_id, claim in rows]


def claims_and_titles(session: Session) -> list[tuple[str, str, str | None]]:
    """(id, claim, title) of every fact-check, in id order: what the claim matcher indexes.
    The title is read from the stored record (it has no column of its own), without
    validating whole records: about 0.1 s for 10,000 entries."""
    rows = session.execute(
        select(FactCheckRow.id, FactCheckRow.claim, FactCheckRow.record_json).order_by(
            FactCheckRow.id
        )
    )
    return [(fc_id, claim, json.loads(record).get("title")) for fc_id, claim, record in rows]


def reviewed(session: Session, run_id: str, assertion_id: str) -> FactCheck | None:
    row = session.scalars(
        select(FactCheckRow).where(
            FactCheckRow.run_id == run_id, FactCheckRow.assertion_id == assertion_id
        )
    ).first()
    return row.record() if row else None


def set_reviewed(session: Session, run_id: str, assertion_id: str, fc: FactCheck | None) -> None:
    """Make the archive's entry for this reviewed verdict `fc`, or remove it (None)."""
    session.execute(
        delete(FactCheckRow).where(
            FactCheckRow.run_id == run_id, FactCheckRow.assertion_id == assertion_id
        )
    )
    if fc is not None:
        put(session, fc)


def reviewed_keys(session: Session) -> list[tuple[str, str]]:
    """(run, assertion) of every entry that came from a review here."""
    rows = session.execute(
        select(FactCheckRow.run_id, FactCheckRow.assertion_id).where(
            FactCheckRow.origin == "workbench"
        )
    )
    return [(run_id, assertion_id) for run_id, assertion_id in rows if run_id and assertion_id]

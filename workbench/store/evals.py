"""Per-claim results of benchmark evaluations, so a killed eval resumes where it stopped."""

from __future__ import annotations

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.store.db import Base


class EvalResultRow(Base):
    __tablename__ = "eval_results"
    eval_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    result_json: Mapped[str] = mapped_column(Text)


def put(session: Session, eval_key: str, claim_id: str, result_json: str) -> None:
    session.merge(EvalResultRow(eval_key=eval_key, claim_id=claim_id, result_json=result_json))


def done(session: Session, eval_key: str) -> dict[str, str]:
    rows = session.execute(
        select(EvalResultRow.claim_id, EvalResultRow.result_json).where(
            EvalResultRow.eval_key == eval_key
        )
    )
    return dict(rows.all())

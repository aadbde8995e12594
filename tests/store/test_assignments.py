"""The assignments table: one row per (run, assertion), the whole run included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from workbench.records import Assignment
from workbench.services import Workbench
from workbench.store import assignments

pytestmark = pytest.mark.usefixtures("each_database")
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _run(workbench: Workbench) -> str:
    from workbench.records import Article, Run
    from workbench.store import checks

    article = Article(
        article_id="art-1", title="A", source="test", text="...", sha256="f00", added_at=T0
    )
    run = Run(
        run_id="run-1",
        article_id="art-1",
        corpus="c",
        corpus_state="s",
        model="m",
        prompt_versions=(),
        started_at=T0,
    )
    with workbench.db.transaction() as session:
        checks.put_article(session, article)
        checks.put_run(session, run)
    return run.run_id


def _a(assertion_id: str | None, assignee: str, by: str = "Eve") -> Assignment:
    return Assignment(
        run_id="run-1", assertion_id=assertion_id, assignee=assignee, assigned_by=by, assigned_at=T0
    )


def test_put_find_replace_and_remove(workbench: Workbench) -> None:
    _run(workbench)
    with workbench.db.transaction() as session:
        assignments.put(session, _a(None, "Ben"))
        assignments.put(session, _a(None, "Ben"))  # the whole run once, not twice
        assignments.put(session, _a("as-2", "Cleo"))
        assignments.put(session, _a("as-2", "Ben", by="Ian"))  # handed over
    with workbench.db.transaction() as session:
        found = assignments.find(session)
        assert [(a.assertion_id, a.assignee, a.assigned_by) for a in found] == [
            (None, "Ben", "Eve"),
            ("as-2", "Ben", "Ian"),
        ]
        assert found[0].assigned_at == T0  # aware UTC in and out
        assert assignments.find(session, assignee="Cleo") == []
        assert assignments.remove(session, "run-1", None) is True
        assert assignments.remove(session, "run-1", None) is False
        assert [a.assertion_id for a in assignments.find(session, run_id="run-1")] == ["as-2"]


def test_an_assignment_needs_a_stored_run(workbench: Workbench) -> None:
    with pytest.raises(IntegrityError), workbench.db.transaction() as session:
        assignments.put(session, _a(None, "Ben"))

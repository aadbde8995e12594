"""Assignment: an editor gives a run, or single assertions of it, to a reviewer.

Only accounts take assignments (team mode); the one who assigns is the signed-in editor or
admin, stored with the assignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from workbench.accounts.roles import Action, require
from workbench.accounts.users import UserService
from workbench.records import Assignment, User
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import assignments, checks


def utc_now() -> datetime:
    return datetime.now(UTC)


class AssignmentService:
    def __init__(self, wb: Workbench, clock: Callable[[], datetime] = utc_now) -> None:
        self.wb = wb
        self.clock = clock

    def assign(
        self,
        run_id: str,
        assignee: str,
        assertion_ids: Sequence[str] = (),
        by: User | None = None,
    ) -> list[Assignment]:
        """Assign the whole run (no assertion ids) or each assertion named; an assertion or
        run assigned already goes to the new assignee."""
        editor = require(by, Action.ASSIGN)
        account = UserService(self.wb).active(assignee)
        if account is None:
            raise LookupError(f"no enabled account named {assignee!r}: `workbench users list`")
        targets = self._targets(run_id, assertion_ids)
        made = [
            Assignment(
                run_id=run_id,
                assertion_id=target,
                assignee=account.name,
                assigned_by=editor.name,
                assigned_at=self.clock(),
            )
            for target in targets
        ]
        with self.wb.db.transaction() as session:
            for assignment in made:
                assignments.put(session, assignment)
        return made

    def unassign(
        self, run_id: str, assertion_ids: Sequence[str] = (), by: User | None = None
    ) -> int:
        """Take assignments back (the whole run's, or each assertion's); how many there were."""
        require(by, Action.ASSIGN)
        targets = self._targets(run_id, assertion_ids)
        with self.wb.db.transaction() as session:
            return sum(assignments.remove(session, run_id, target) for target in targets)

    def list(self, assignee: str | None = None, run_id: str | None = None) -> list[Assignment]:
        """Assignments, of one account (any case of its name) or one run, or all of them."""
        name = UserService(self.wb).get(assignee).name if assignee else None
        with self.wb.db.transaction() as session:
            return assignments.find(session, assignee=name, run_id=run_id)

    def _targets(self, run_id: str, assertion_ids: Sequence[str]) -> list[str | None]:
        ReviewService(self.wb).run(run_id)  # LookupError for an unknown run
        if not assertion_ids:
            return [None]
        with self.wb.db.transaction() as session:
            known = {r.assertion.assertion_id for r in checks.results_of_run(session, run_id)}
        unknown = [a for a in assertion_ids if a not in known]
        if unknown:
            raise LookupError(f"not assertions of run {run_id}: {', '.join(unknown)}")
        return list(dict.fromkeys(assertion_ids))

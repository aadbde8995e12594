"""The desk's queues: what is assigned to me and still to review (blind review included),
what awaits my sign-off (decided by someone else, not published yet), and the blind
disagreements an editor decides. All derived on read."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.desk.decisions import PUBLISHABLE, same_person
from workbench.records import AssertionResult, Record, ReviewState, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import assignments, blind, checks, reviews


class QueueItem(Record):
    run_id: str
    article_title: str
    assertion_id: str
    text: str
    status: ReviewStatus
    version: int
    deciders: tuple[str, ...] = ()
    sent_back_reason: str | None = None  # why an editor sent it back, if one did
    blind_votes: tuple[str, ...] = ()  # a disagreement: "Ben: SUPPORTED (accepted)", ...


def _items(
    wb: Workbench, run_ids: Iterable[str], viewer: str | None = None
) -> Iterable[tuple[str, str, AssertionResult, ReviewState]]:
    """(run, article title, result, state) of every verified assertion of these runs."""
    service = ReviewService(wb)
    for run_id in dict.fromkeys(run_ids):
        run = service.run(run_id)
        title = service.article(run.article_id).title
        for result, state in service.results(run_id, viewer):
            if result.verdict is not None:
                yield run_id, title, result, state


def _item(run_id: str, title: str, result: AssertionResult, state: ReviewState) -> QueueItem:
    return QueueItem(
        run_id=run_id,
        article_title=title,
        assertion_id=result.assertion.assertion_id,
        text=result.assertion.text,
        status=state.status,
        version=state.version,
        deciders=state.deciders,
        sent_back_reason=state.sent_back.note if state.sent_back else None,
        blind_votes=tuple(
            f"{v.reviewer}: {v.label} ({v.decision.value})"
            for v in (state.blind.votes if state.blind and state.blind.disagreement else ())
        ),
    )


def assigned_to(wb: Workbench, name: str) -> list[QueueItem]:
    """The verdicts assigned to `name` (a whole run, or one assertion) still pending, and
    the pending verdicts of runs `name` reviews blind that they have not voted on."""
    with wb.db.transaction() as session:
        mine = [a for a in assignments.find(session) if same_person(a.assignee, name)]
        blind_runs = [
            b.run_id
            for b in blind.all_blind(session)
            if any(same_person(r, name) for r in b.reviewers)
        ]
    whole = {a.run_id for a in mine if a.assertion_id is None} | set(blind_runs)
    single = {(a.run_id, a.assertion_id) for a in mine if a.assertion_id is not None}
    return [
        _item(run_id, title, result, state)
        for run_id, title, result, state in _items(
            wb, [a.run_id for a in mine] + blind_runs, viewer=name
        )
        if state.status == ReviewStatus.PENDING
        and (run_id in whole or (run_id, result.assertion.assertion_id) in single)
        and not _voted(state, name)
    ]


def _voted(state: ReviewState, name: str) -> bool:
    """Whether `name` has voted blind in the open round (or a disagreement waits)."""
    if state.blind is None:
        return False
    return state.blind.disagreement or any(same_person(v, name) for v in state.blind.voted)


def disagreements(wb: Workbench, editor: str) -> list[QueueItem]:
    """Pending verdicts whose two blind reviewers voted different labels, for an editor
    who is not one of them."""
    with wb.db.transaction() as session:
        run_ids = [b.run_id for b in blind.all_blind(session)]
    return [
        _item(run_id, title, result, state)
        for run_id, title, result, state in _items(wb, run_ids, viewer=editor)
        if state.blind is not None
        and state.blind.disagreement
        and not any(same_person(editor, r) for r in state.blind.reviewers)
    ]


def awaiting_sign_off(wb: Workbench, editor: str) -> list[QueueItem]:
    """Accepted or edited verdicts nobody has signed off, that `editor` did not decide."""
    with wb.db.transaction() as session:
        run_ids = [run.run_id for run in checks.all_runs(session)]
        reviewed = {run_id for run_id, _ in reviews.reviewed_assertions(session)}
    return [
        _item(run_id, title, result, state)
        for run_id, title, result, state in _items(wb, [r for r in run_ids if r in reviewed])
        if state.status in PUBLISHABLE
        and not state.published
        and not any(same_person(editor, name) for name in state.deciders)
    ]

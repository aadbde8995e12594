"""The review state the README's screenshots show, made on a copy of a `workbench demo` home
through the product's own services (never SQL): a reviewer's decisions in laptop mode, then a
desk (accounts, an assigned run, decisions awaiting sign-off, a blind double-reviewed run).

Which verdicts get which decision is chosen from what the check proposed (the machine's label,
whether the coverage rule decided it), so the script works on any demo run, not on fixed ids."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.accounts.users import UserService
from workbench.desk.assignments import AssignmentService
from workbench.desk.blind import BlindReviewService
from workbench.desk.sign_off import SignOffService
from workbench.records import AssertionResult, Label, Role
from workbench.review import ReviewService
from workbench.services import Workbench

LAPTOP_REVIEWER = "Ana"
PASSWORD = "newsroom demo password"  # every account's: the screenshots sign in with it
ADMIN, EDITOR, REVIEWERS = "Ada", "Eve", ("Ben", "Cleo")


def _verified(service: ReviewService, run_id: str) -> list[AssertionResult]:
    """Most worth checking first, as the Review screen orders them: the decided cards are then
    on its first page."""
    verified = [r for r, _ in service.results(run_id) if r.verdict is not None]
    return sorted(verified, key=lambda r: -r.assertion.checkworthy)


def _by_rule(result: AssertionResult) -> bool:
    """The coverage rule decided it without asking the model (no label probabilities)."""
    return result.verdict is not None and not result.verdict.label_scores


def _by_model(results: list[AssertionResult]) -> Iterator[AssertionResult]:
    return (r for r in results if not _by_rule(r))


def _sources(result: AssertionResult) -> str:
    assert result.verdict is not None
    titles = dict.fromkeys(c.title for c in result.verdict.citations)
    return " and ".join(f"“{t}”" for t in titles) or "the retrieved sentences"


def _why_not(result: AssertionResult) -> str:
    return f"The cited sentences ({_sources(result)}) are about something else, not this claim."


def review_as_laptop(wb: Workbench) -> tuple[str, str]:
    """On the newest run (the one the app opens on): one model verdict rejected with a
    reason, one edited to "Not enough evidence", a note, four rule verdicts accepted; the
    run's id. Accepted and edited verdicts enter the fact-check archive by themselves."""
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    verified = _verified(service, run_id)
    model = _by_model(verified)
    rejected, edited = next(model), next(model)
    service.reject(
        run_id, rejected.assertion.assertion_id, LAPTOP_REVIEWER, reason=_why_not(rejected)
    )
    service.edit(
        run_id,
        edited.assertion.assertion_id,
        LAPTOP_REVIEWER,
        label=Label.NOT_ENOUGH_EVIDENCE,
        rationale=f"{_why_not(edited)} Nothing in the corpus covers it: ask the desk for a source.",
    )
    if (noted := next(model, None)) is not None:
        service.note(
            run_id,
            noted.assertion.assertion_id,
            LAPTOP_REVIEWER,
            "The corpus has no defence sources: asked the Brussels desk for the speech transcript.",
        )
    for result in [r for r in verified if _by_rule(r)][:4]:
        service.accept(run_id, result.assertion.assertion_id, LAPTOP_REVIEWER)
    return run_id, edited.assertion.assertion_id


def set_up_desk(wb: Workbench) -> str:
    """Team mode: Ada (admin), Eve (editor), Ben and Cleo (reviewers). The second newest run
    is reviewed blind by Ben and Cleo (agreeing on most, one disagreement for Eve); the
    oldest is assigned to Ben, who decides some verdicts, one of which Eve signs off: its id."""
    users = UserService(wb)
    ada = users.add(ADMIN, Role.ADMIN, PASSWORD, by=None)
    eve = users.add(EDITOR, Role.EDITOR, PASSWORD, by=ada)
    for name in REVIEWERS:
        users.add(name, Role.REVIEWER, PASSWORD, by=ada)
    service = ReviewService(wb)
    runs = [run.run_id for run, _ in service.runs()]
    blind_run, assigned_run = runs[1], runs[-1]

    BlindReviewService(wb).switch_on(blind_run, REVIEWERS, by=eve)
    ben, cleo = REVIEWERS
    disagreed = False
    for result in _verified(service, blind_run):
        aid = result.assertion.assertion_id
        if _by_rule(result):
            service.accept(blind_run, aid, ben)
            service.accept(blind_run, aid, cleo)
            continue
        service.reject(blind_run, aid, ben, reason=_why_not(result))
        if disagreed:
            service.reject(blind_run, aid, cleo, reason=_why_not(result))
        else:  # Cleo takes the machine's word once: the disagreement Eve resolves
            service.accept(blind_run, aid, cleo)
            disagreed = True

    AssignmentService(wb).assign(assigned_run, ben, by=eve)
    verified = _verified(service, assigned_run)
    accepted = [r for r in verified if _by_rule(r)][:3]
    for result in accepted:
        service.accept(assigned_run, result.assertion.assertion_id, ben)
    if (wrong := next(_by_model(verified), None)) is not None:
        service.edit(
            assigned_run,
            wrong.assertion.assertion_id,
            ben,
            label=Label.NOT_ENOUGH_EVIDENCE,
            rationale=_why_not(wrong),
        )
    SignOffService(wb).sign_off(assigned_run, accepted[0].assertion.assertion_id, by=eve)
    return assigned_run

"""`workbench review runs|list|accept|reject|edit|note`: the review screen's actions, for scripts
(`review sign-off|send-back` are in sign_off.py)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from workbench.accounts.roles import Action
from workbench.accounts.users import reviewer_name
from workbench.cli.app import app, console, open_workbench, print_json
from workbench.cli.auth import USER, signed_in
from workbench.records import Label, ReviewAction, ReviewState
from workbench.review import ReviewService, VersionConflict

review_app = typer.Typer(
    help="Review verdicts: accept, reject, edit, annotate.", no_args_is_help=True
)
app.add_typer(review_app, name="review")

REVIEWER = typer.Option(
    None, "--reviewer", "-r", help="laptop mode: your name, stored with the action"
)
RUN = typer.Option(None, "--run", help="the run, when the assertion was checked more than once")
SEEN = typer.Option(
    None,
    "--seen-version",
    min=0,
    help="the verdict's version you reviewed (`review list --json`); refused with exit code 3 "
    "if someone saved since. Default: whatever version it is at now",
)
CONFLICT_EXIT = 3
UNFINISHED = "unfinished"  # a run whose check stopped before the end
RESUME = "workbench check --resume"


@review_app.command("runs")
def runs(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the runs, newest first; unfinished ones are marked (`check --resume RUN_ID`)."""
    with open_workbench() as wb:
        service = ReviewService(wb)
        listed = service.runs()
        stored = service.stored_counts()
    if as_json:
        print_json(
            [
                {
                    "run_id": run.run_id,
                    "article_id": article.article_id,
                    "title": article.title,
                    "corpus": run.corpus,
                    "model": run.model,
                    "started_at": run.started_at.isoformat(),
                    "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                    "unfinished": run.finished_at is None,
                    "assertions": stored.get(run.run_id, 0),
                }
                for run, article in listed
            ]
        )
        return
    table = Table("run", "article", "corpus", "started", "status", title="runs, newest first")
    for run, article in listed:
        checked = stored.get(run.run_id, 0)
        table.add_row(
            run.run_id,
            escape(article.title[:40]),
            escape(run.corpus),
            f"{run.started_at:%Y-%m-%d %H:%M}",
            f"finished, {checked} assertions"
            if run.finished_at
            else f"[yellow]{UNFINISHED}[/]: {checked} assertions checked",
        )
    console.print(table)
    if any(run.finished_at is None for run, _ in listed):
        console.print(f"resume an unfinished run with `{RESUME} RUN_ID`")


@review_app.command("list")
def list_(
    article_or_run_id: str,
    as_json: bool = typer.Option(False, "--json"),
    user: str | None = typer.Option(
        None,
        "--user",
        "-u",
        help="team mode: signed in, you also see your own blind votes (no sign-in needed "
        "to read; votes a blind reviewer's partner has not matched yet are hidden)",
    ),
) -> None:
    """List a run's assertions, verdicts and review status (article id: its latest run)."""
    with open_workbench() as wb:
        viewer = signed_in(wb, user, Action.REVIEW) if user else None
        service = ReviewService(wb)
        run = service.resolve_run(article_or_run_id)
        rows = service.results(run.run_id, viewer.name if viewer else None)
    if as_json:
        print_json(
            {
                "run_id": run.run_id,
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "unfinished": run.finished_at is None,
                "assertions": [
                    {
                        "assertion_id": r.assertion.assertion_id,
                        "text": r.assertion.text,
                        **s.model_dump(
                            mode="json",
                            include={
                                "status",
                                "current",
                                "version",
                                "last_reviewer",
                                "last_at",
                                "stale",
                                "deciders",
                                "signed_off_by",
                                "signed_off_at",
                                "published",
                                "blind",
                            },
                        ),
                        "notes": [
                            {"reviewer": n.reviewer, "at": n.at.isoformat(), "text": n.note}
                            for n in s.notes
                        ],
                        "sent_back": {
                            "by": s.sent_back.reviewer,
                            "at": s.sent_back.at.isoformat(),
                            "reason": s.sent_back.note,
                        }
                        if s.sent_back
                        else None,
                    }
                    for r, s in rows
                ],
            }
        )
        return
    unfinished = "" if run.finished_at else f" · {UNFINISHED} (`{RESUME} {run.run_id}`)"
    table = Table(
        "assertion",
        "text",
        "label",
        "status",
        "by",
        title=f"run {run.run_id} ({run.corpus}){unfinished}",
    )
    for result, state in rows:
        label = state.current.label.value if state.current.label else "—"
        table.add_row(
            result.assertion.assertion_id,
            escape(result.assertion.text[:60]),
            label + (" STALE" if state.stale else ""),
            state.status.value + (" · published" if state.published else "") + _blind_status(state),
            escape(state.last_reviewer or ""),
        )
    console.print(table)
    stale = [(r.assertion.assertion_id, s.stale) for r, s in rows if s.stale]
    for assertion_id, reasons in stale:
        console.print(f"[yellow]stale[/] {assertion_id}: {escape('; '.join(reasons))}")
    if stale:
        console.print(f"re-run them with `workbench recheck {run.run_id}`")


def _blind_status(state: ReviewState) -> str:
    """ " · blind 1/2", " · disagreement": where a blind verdict stands (never what)."""
    if state.blind is None or state.status.value != "pending":
        return ""
    if state.blind.disagreement:
        return " · disagreement"
    return f" · blind {len(state.blind.voted)}/2"


def _said(assertion_id: str, state: ReviewState, reviewer: str) -> str:
    """What a save did: the verdict as it stands, or a blind vote and what happens next."""
    label = state.current.label.value if state.current.label else "—"
    done = f"{assertion_id}: {state.status.value} ({label}), version {state.version}"
    last = state.history[-1] if state.history else None
    if state.blind is None or last is None or last.action != ReviewAction.BLIND_VOTE:
        return done
    mine = next(v for v in state.blind.votes if v.reviewer.casefold() == reviewer.casefold())
    other = next(r for r in state.blind.reviewers if r.casefold() != reviewer.casefold())
    if state.blind.disagreement:
        then = f"{other} voted another label: an editor decides (`workbench review disagreements`)"
    else:
        then = f"hidden from {other} until they vote too; the verdict is settled if you agree"
    vote = f"blind vote {mine.label} ({mine.decision.value}), version {state.version}"
    return f"{assertion_id}: {vote}; {then}"


def _act(  # type: ignore[no-untyped-def]
    action: str,
    assertion_id: str,
    run: str | None,
    reviewer: str | None,
    user: str | None,
    **kwargs,
) -> None:
    conflict: VersionConflict | None = None
    with open_workbench() as wb:
        # Team mode: signed in as --user, whose name is stored; laptop mode: --reviewer.
        who = signed_in(wb, user, Action.NOTE if action == "note" else Action.REVIEW)
        reviewer = reviewer_name(who, reviewer)
        service = ReviewService(wb)
        run_id = service.run_of_assertion(assertion_id, run)
        try:
            state = getattr(service, action)(run_id, assertion_id, reviewer, **kwargs)
        except VersionConflict as exc:
            conflict = exc
    # Exit outside open_workbench: it turns every RuntimeError into exit code 2, and
    # both VersionConflict and typer.Exit are RuntimeErrors.
    if conflict is not None:
        console.print(
            f"[bold red]conflict:[/] {escape(str(conflict))}; reload with "
            f"`workbench review list {escape(run_id)} --json` and review again"
        )
        raise typer.Exit(CONFLICT_EXIT)
    console.print(escape(_said(assertion_id, state, reviewer)))


@review_app.command("accept")
def accept(
    assertion_id: str,
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
    run: str | None = RUN,
    seen: int | None = SEEN,
) -> None:
    """Accept the verdict as it stands."""
    _act("accept", assertion_id, run, reviewer, user, seen_version=seen)


@review_app.command("reject")
def reject(
    assertion_id: str,
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
    run: str | None = RUN,
    seen: int | None = SEEN,
    reason: str | None = typer.Option(
        None, "--reason", help="what the machine got wrong (kept in the verdict's history)"
    ),
) -> None:
    """Reject the verdict."""
    _act("reject", assertion_id, run, reviewer, user, seen_version=seen, reason=reason)


@review_app.command("edit")
def edit(
    assertion_id: str,
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
    run: str | None = RUN,
    seen: int | None = SEEN,
    label: Label | None = typer.Option(None, "--label", case_sensitive=False),
    rationale: str | None = typer.Option(None, "--rationale"),
    cite: list[int] | None = typer.Option(
        None, "--cite", help="evidence sentence number (repeatable); replaces the citations"
    ),
) -> None:
    """Change the label, rationale or citations (from the retrieved sentences)."""
    _act(
        "edit",
        assertion_id,
        run,
        reviewer,
        user,
        seen_version=seen,
        label=label,
        rationale=rationale,
        cite_evidence=cite,
    )


@review_app.command("note")
def note(
    assertion_id: str,
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
    run: str | None = RUN,
    seen: int | None = SEEN,
    text: str = typer.Option(..., "--text"),
) -> None:
    """Add a note to the verdict."""
    _act("note", assertion_id, run, reviewer, user, text=text, seen_version=seen)


@review_app.command("cite")
def cite(
    run_id: str,
    assertion_id: str,
    document: str = typer.Option(..., "--document", "-d", help="doc_id in the run's corpus"),
    quote: str = typer.Option(..., "--quote", help="the sentence, verbatim as stored"),
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
    seen: int | None = SEEN,
) -> None:
    """Cite a sentence of the run's corpus that retrieval missed (checked verbatim; the
    history, the card and the reports say the reviewer added it)."""
    _act(
        "cite_sentence",
        assertion_id,
        run_id,
        reviewer,
        user,
        doc_id=document,
        quote=quote,
        seen_version=seen,
    )

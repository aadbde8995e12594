"""The desk from the command line: `workbench assign`, `review sign-off|send-back`, and
ClaimReview export of published verdicts only, all under the signed-in account."""

from __future__ import annotations

import json
from pathlib import Path

# The team-mode fixtures (cli, team, checked) are test_cli_accounts's: tests take them as
# parameters of the same names, which ruff reads as redefinitions.
# ruff: noqa: F811
from team_mode import PASSWORD
from test_cli_accounts import (  # noqa: F401
    _flat,
    _history,
    _run,
    add_account,
    checked,
    cli,
    team,
)
from typer.testing import CliRunner


def _as(runner: CliRunner, name: str, *args: str):  # type: ignore[no-untyped-def]
    return _run(runner, *args, "--user", name, password=PASSWORD)


def _listed(runner: CliRunner, run_id: str) -> dict:
    listed = _run(runner, "review", "list", run_id, "--json")
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.stdout)["assertions"][0]


def test_an_editor_assigns_a_reviewer_cannot(team: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    as_reviewer = _as(team, "Ben", "assign", run_id, "Ben")
    assert as_reviewer.exit_code == 2
    assert "Ben is a reviewer: to assign you need an editor" in _flat(as_reviewer)
    anonymous = _run(team, "assign", run_id, "Ben")
    assert anonymous.exit_code == 2 and "to assign sign in with --user NAME" in _flat(anonymous)
    whole = _as(team, "Eve", "assign", run_id, "ben")
    assert whole.exit_code == 0, whole.output
    assert f"assigned run {run_id} to Ben (by Eve)" in _flat(whole)
    one = _as(team, "Ada", "assign", run_id, "Eve", "--assertion", assertion_id)
    assert f"assigned assertion {assertion_id} of run {run_id} to Eve (by Ada)" in _flat(one)

    listed = _run(team, "assign", "--list", "--json")  # reading needs no sign-in
    assert [
        (a["assertion_id"], a["assignee"], a["assigned_by"]) for a in json.loads(listed.stdout)
    ] == [
        (None, "Ben", "Eve"),
        (assertion_id, "Eve", "Ada"),
    ]
    bens = _run(team, "assign", "--list", "--user", "ben")
    assert "(whole run)" in _flat(bens) and "Ada" not in _flat(bens)
    removed = _as(team, "Eve", "assign", run_id, "--remove")
    assert removed.exit_code == 0 and "took back 1 assignment" in _flat(removed)
    assert "no assignment for ben" in _flat(_run(team, "assign", "--list", "--user", "ben"))


def test_assignment_needs_team_mode(cli: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, _ = checked
    refused = _run(cli, "assign", run_id, "Ben")
    assert refused.exit_code == 2 and "the desk needs accounts (team mode)" in _flat(refused)
    assert "no assignment" in _flat(_run(cli, "assign", "--list"))


def test_a_second_person_signs_off_and_both_are_in_the_trail(
    team: CliRunner, checked, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    assert _as(team, "Ben", "review", "accept", assertion_id).exit_code == 0
    by_reviewer = _as(team, "Ben", "review", "sign-off", run_id, assertion_id)
    assert by_reviewer.exit_code == 2
    assert "Ben is a reviewer: to sign off you need an editor" in _flat(by_reviewer)
    signed = _as(team, "Eve", "review", "sign-off", run_id, assertion_id, "--seen-version", "1")
    assert signed.exit_code == 0, signed.output
    assert f"{assertion_id}: published, signed off by Eve (decided by Ben), version 2" in _flat(
        signed
    )
    row = _listed(team, run_id)
    assert (row["published"], row["signed_off_by"], row["deciders"]) == (True, "Eve", ["Ben"])
    assert _history(tmp_path, run_id, assertion_id) == ["Ben:accept", "Eve:sign_off"]
    table = _run(team, "review", "list", run_id)
    assert "published" in _flat(table)  # in the status column (wrapped)


def test_an_editor_cannot_sign_off_their_own_decision(team: CliRunner, checked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    edited = _as(team, "Eve", "review", "edit", assertion_id, "--rationale", "Carvers named.")
    assert edited.exit_code == 0, edited.output
    own = _as(team, "Eve", "review", "sign-off", run_id, assertion_id)
    assert own.exit_code == 2 and "Eve decided this verdict: a second person" in _flat(own)
    assert _as(team, "Ada", "review", "sign-off", run_id, assertion_id).exit_code == 0
    assert _history(tmp_path, run_id, assertion_id) == ["Eve:edit", "Ada:sign_off"]


def test_a_sign_off_on_an_older_version_exits_3(team: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    assert _as(team, "Ben", "review", "accept", assertion_id).exit_code == 0
    stale_view = _as(team, "Eve", "review", "sign-off", run_id, assertion_id, "--seen-version", "0")
    assert stale_view.exit_code == 3
    assert "Ben changed this verdict after you saw version 0" in _flat(stale_view)
    assert _listed(team, run_id)["published"] is False


def test_send_back_needs_a_reason_and_returns_it_to_pending(team: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    assert _as(team, "Ben", "review", "accept", assertion_id).exit_code == 0
    nameless = _as(team, "Eve", "review", "send-back", run_id, assertion_id)
    assert nameless.exit_code == 2 and "--reason" in _flat(nameless)
    back = _as(
        team, "Eve", "review", "send-back", run_id, assertion_id, "--reason", "Why 'carved'?"
    )
    assert back.exit_code == 0 and "sent back to pending by Eve" in _flat(back)
    row = _listed(team, run_id)
    assert row["status"] == "pending"
    assert (row["sent_back"]["by"], row["sent_back"]["reason"]) == ("Eve", "Why 'carved'?")


def test_team_mode_claimreview_holds_published_verdicts_only(
    team: CliRunner, checked, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    out = tmp_path / "claims.json"
    export = ("export", run_id, "--format", "claimreview", "-o", str(out))
    assert _as(team, "Ben", "review", "accept", assertion_id).exit_code == 0
    before = _as(team, "Eve", *export)
    assert before.exit_code == 0, before.output
    assert json.loads(out.read_text()) == []
    assert (
        "0 ClaimReviews: published verdicts only (signed off by a second person); "
        "1 more left out (--all adds them)" in _flat(before)
    )
    everything = _as(team, "Eve", *export, "--all")
    assert len(json.loads(out.read_text())) == 1 and "(--all)" in _flat(everything)
    assert _as(team, "Ada", "review", "sign-off", run_id, assertion_id).exit_code == 0
    after = _as(team, "Eve", *export)
    assert "1 ClaimReview: published verdicts only" in _flat(after)
    (review,) = json.loads(out.read_text())
    assert review["claimReviewed"] == "The Moai were carved by the Rapa Nui."


def test_laptop_mode_claimreview_is_unchanged(cli: CliRunner, checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    assert _run(cli, "review", "accept", assertion_id, "-r", "Cleo").exit_code == 0
    out = tmp_path / "claims.json"
    done = _run(cli, "export", run_id, "--format", "claimreview", "-o", str(out))
    assert done.exit_code == 0 and len(json.loads(out.read_text())) == 1
    assert "1 ClaimReview: accepted and edited verdicts only" in _flat(done)
    refused = _run(cli, "review", "sign-off", run_id, assertion_id)
    assert refused.exit_code == 2 and "the desk needs accounts (team mode)" in _flat(refused)


# --- blind double review ------------------------------------------------------------------


def _blind(runner: CliRunner, run_id: str) -> None:
    add_account(runner, "Cleo", "reviewer")
    on = _as(runner, "Eve", "review", "blind", run_id, "--reviewers", "ben,cleo")
    assert on.exit_code == 0, on.output
    assert f"run {run_id}: blind double review by Ben and Cleo (set by Eve)" in _flat(on)


def test_a_reviewer_cannot_switch_on_blind_review_an_editor_can(team: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, _ = checked
    refused = _as(team, "Ben", "review", "blind", run_id, "--reviewers", "Ben,Eve")
    assert refused.exit_code == 2
    assert "Ben is a reviewer: to switch on blind review you need an editor" in _flat(refused)
    one = _as(team, "Eve", "review", "blind", run_id, "--reviewers", "Ben")
    assert one.exit_code == 2 and "two different reviewers" in _flat(one)
    _blind(team, run_id)


def test_blind_review_needs_team_mode(cli: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, _ = checked
    refused = _run(cli, "review", "blind", run_id, "--reviewers", "Ben,Cleo")
    assert refused.exit_code == 2 and "the desk needs accounts (team mode)" in _flat(refused)


def test_blind_votes_stay_hidden_until_both_voted_then_an_editor_resolves(
    team: CliRunner, checked, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    _blind(team, run_id)
    ben = _as(
        team,
        "Ben",
        "review",
        "edit",
        assertion_id,
        "--label",
        "REFUTED",
        "--rationale",
        "Not them.",
    )
    assert ben.exit_code == 0, ben.output
    assert (
        f"{assertion_id}: blind vote REFUTED (edited), version 1; hidden from Cleo until they "
        "vote too" in _flat(ben)
    )
    for who in ((), ("--user", "Cleo"), ("--user", "Eve")):
        listed = _run(team, "review", "list", run_id, "--json", *who, password=PASSWORD)
        row = json.loads(listed.stdout)["assertions"][0]
        assert (row["status"], row["current"]["label"]) == ("pending", "SUPPORTED")
        assert (row["blind"]["voted"], row["blind"]["votes"]) == (["Ben"], [])
    own = _run(team, "review", "list", run_id, "--json", "--user", "Ben", password=PASSWORD)
    (vote,) = json.loads(own.stdout)["assertions"][0]["blind"]["votes"]
    assert (vote["reviewer"], vote["label"]) == ("Ben", "REFUTED")
    report = tmp_path / "report.json"
    assert _run(team, "export", run_id, "--format", "json", "-o", str(report)).exit_code == 0
    assert "Not them." not in report.read_text() and "REFUTED" not in report.read_text()
    table = _flat(_run(team, "review", "list", run_id))
    assert "blind" in table and "1/2" in table  # in the status column (wrapped)

    cleo = _as(team, "Cleo", "review", "accept", assertion_id, "--seen-version", "0")
    assert cleo.exit_code == 0, cleo.output
    assert "Ben voted another label: an editor decides" in _flat(cleo)
    waiting = json.loads(_run(team, "review", "disagreements", "--json").stdout)
    assert [(i["assertion_id"], i["blind_votes"]) for i in waiting] == [
        (assertion_id, ["Ben: REFUTED (edited)", "Cleo: SUPPORTED (accepted)"])
    ]
    by_reviewer = _as(team, "Ben", "review", "resolve", run_id, assertion_id, "--take", "Ben")
    assert by_reviewer.exit_code == 2
    assert "Ben is a reviewer: to resolve disagreements you need an editor" in _flat(by_reviewer)
    old = _as(
        team,
        "Eve",
        "review",
        "resolve",
        run_id,
        assertion_id,
        "--take",
        "Ben",
        "--seen-version",
        "1",
    )
    assert old.exit_code == 3
    resolved = _as(team, "Eve", "review", "resolve", run_id, assertion_id, "--take", "Ben")
    assert resolved.exit_code == 0, resolved.output
    assert f"{assertion_id}: edited (REFUTED) by Eve, version 3" in _flat(resolved)
    assert _history(tmp_path, run_id, assertion_id) == [
        "Ben:blind_vote",
        "Cleo:blind_vote",
        "Eve:edit",
    ]
    assert "no disagreement waits" in _flat(_run(team, "review", "disagreements"))


def test_review_agreement_reports_kappa_per_pair_and_run(team: CliRunner, checked) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    empty = _run(team, "review", "agreement")
    assert "no run is under blind double review" in _flat(empty)
    _blind(team, run_id)
    assert _as(team, "Ben", "review", "accept", assertion_id).exit_code == 0
    assert _as(team, "Cleo", "review", "accept", assertion_id).exit_code == 0
    found = json.loads(_run(team, "review", "agreement", "--run", run_id, "--json").stdout)
    # One verdict, both SUPPORTED: agreement 1, chance 1, kappa undefined (not a crash).
    (pair,) = found["pairs"]
    assert pair["reviewers"] == ["Ben", "Cleo"] and pair["runs"] == [run_id]
    assert pair["agreement"] == {
        "n": 1,
        "observed": 1.0,
        "expected": 1.0,
        "kappa": None,
        "labels": ["SUPPORTED"],
    }
    assert [r["run_id"] for r in found["runs"]] == [run_id]
    table = _flat(_run(team, "review", "agreement"))
    assert "per pair" in table and "per run" in table
    assert "kappa is undefined where both reviewers gave every verdict one and the same" in table

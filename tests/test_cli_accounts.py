"""Team mode from the command line: `workbench users ...`, and `--user` on every change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply
from team_mode import PASSWORD
from typer.testing import CliRunner

from workbench.check.pipeline import Checker, article_from_text
from workbench.cli import app
from workbench.corpus.ingest import ingest
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

TEXT = "The Moai are monolithic human figures carved by the Rapa Nui people on Easter Island."


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings, cheap_passwords: None
) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_PASSWORD", raising=False)
    monkeypatch.delenv("WORKBENCH_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    return CliRunner()


def _run(cli: CliRunner, *args: str, password: str | None = None, new: str | None = None, **kw):  # type: ignore[no-untyped-def]
    env = {"WORKBENCH_PASSWORD": password, "WORKBENCH_NEW_PASSWORD": new}
    return cli.invoke(app, list(args), env={k: v for k, v in env.items() if v}, **kw)


@pytest.fixture
def team(cli: CliRunner) -> CliRunner:
    """Team mode: Ada (admin), Eve (editor), Ben (reviewer), all with PASSWORD."""
    assert _run(cli, "users", "add", "Ada", "--role", "admin", password=PASSWORD).exit_code == 0
    for name, role in (("Eve", "editor"), ("Ben", "reviewer")):
        add_account(cli, name, role)
    return cli


def add_account(cli: CliRunner, name: str, role: str) -> None:
    """Ada (the admin) adds an account with PASSWORD."""
    added = _run(
        cli, "users", "add", name, "--role", role, "--user", "Ada", password=PASSWORD, new=PASSWORD
    )
    assert added.exit_code == 0, added.output


@pytest.fixture
def checked(cli: CliRunner, tmp_path: Path, embeddings) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A run of one checked article: (run id, its first assertion id)."""
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    (tmp_path / "moai.txt").write_text(TEXT)
    ingest(wb, "c", [tmp_path / "moai.txt"])
    wb.llm, _ = fake_llm(
        [
            text_reply('{"questions": ["Who carved the Moai?"]}'),
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "The source names the carvers."}'),
        ],
        wb.db,
    )
    outcome = Checker(wb).check(
        article_from_text("The Moai were carved by the Rapa Nui.", "M", "t"), "c"
    )
    wb.close()
    return outcome.run.run_id, outcome.results[0].assertion.assertion_id


def _flat(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join(result.output.split())  # the console wraps long lines


def _history(home: Path, run_id: str, assertion_id: str) -> list[str]:
    wb = Workbench(Settings(home=home))
    state = ReviewService(wb).state(run_id, assertion_id)[1]
    wb.close()
    return [f"{e.reviewer}:{e.action.value}" for e in state.history]


# --- users ------------------------------------------------------------------------------------


def test_the_first_account_must_be_an_admin_and_switches_team_mode_on(cli: CliRunner) -> None:
    refused = _run(cli, "users", "add", "Ben", "--role", "reviewer", password=PASSWORD)
    assert refused.exit_code == 2 and "the first account must be an admin" in _flat(refused)
    listed = _run(cli, "users", "list")
    assert "no account: laptop mode" in _flat(listed)
    added = _run(cli, "users", "add", "Ada", "--role", "admin", password=PASSWORD)
    assert added.exit_code == 0 and "added Ada (admin): team mode is on" in _flat(added)


def test_a_new_password_is_typed_twice_at_a_hidden_prompt(cli: CliRunner) -> None:
    typed = _run(cli, "users", "add", "Ada", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.exit_code == 0, typed.output
    assert PASSWORD not in _flat(typed)  # hidden input: not echoed
    signed = _run(cli, "users", "list", "--json")
    assert [u["name"] for u in json.loads(signed.stdout)] == ["Ada"]
    mismatch = _run(
        cli, "users", "add", "Eve", "--role", "editor", "--user", "Ada",
        input=f"{PASSWORD}\nfirst try!\nsecond try\nfirst try!\nfirst try!\n",
    )  # fmt: skip
    assert mismatch.exit_code == 0, mismatch.output
    assert "The two entered values do not match" in _flat(mismatch)


def test_only_an_admin_manages_users(team: CliRunner) -> None:
    for args in (
        ("users", "add", "Zoe", "--role", "reviewer"),
        ("users", "disable", "Ada"),
        ("users", "set-role", "Ben", "admin"),
    ):
        anonymous = _run(team, *args, password=PASSWORD, new=PASSWORD)
        assert anonymous.exit_code == 2 and "sign in with --user NAME" in _flat(anonymous)
        as_editor = _run(team, *args, "--user", "Eve", password=PASSWORD, new=PASSWORD)
        assert as_editor.exit_code == 2, as_editor.output
        assert "Eve is an editor: to manage users you need an admin" in _flat(as_editor)
    changed = _run(team, "users", "set-role", "Ben", "EDITOR", "--user", "Ada", password=PASSWORD)
    assert changed.exit_code == 0 and "Ben (editor)" in _flat(changed)
    disabled = _run(team, "users", "disable", "Ben", "--user", "Ada", password=PASSWORD)
    assert disabled.exit_code == 0 and "Ben (editor, disabled)" in _flat(disabled)
    enabled = _run(team, "users", "enable", "Ben", "--user", "Ada", password=PASSWORD)
    assert enabled.exit_code == 0 and "enabled Ben (editor)" in _flat(enabled)


def test_users_list_json_has_no_password_hash(team: CliRunner) -> None:
    listed = _run(team, "users", "list", "--json")
    assert listed.exit_code == 0
    users = json.loads(listed.stdout)
    assert [(u["name"], u["role"], u["disabled"]) for u in users] == [
        ("Ada", "admin", False),
        ("Ben", "reviewer", False),
        ("Eve", "editor", False),
    ]
    assert set(users[0]) == {"name", "role", "disabled", "created_at", "last_sign_in_at"}
    assert "argon2" not in _flat(listed) and "hash" not in _flat(listed)
    table = _run(team, "users", "list")
    assert "Ben" in _flat(table) and "argon2" not in _flat(table)


def test_a_reviewer_sets_their_own_password(team: CliRunner) -> None:
    own = _run(
        team, "users", "set-password", "Ben", "--user", "Ben", password=PASSWORD, new="n3w-secret"
    )
    assert own.exit_code == 0, own.output
    other = _run(
        team, "users", "set-password", "Eve", "--user", "Ben", password="n3w-secret", new="x" * 9
    )
    assert other.exit_code == 2 and "to manage users you need an admin" in _flat(other)


def test_wrong_passwords_lock_the_name_across_commands(team: CliRunner) -> None:
    outputs = [
        _run(team, "users", "disable", "Ben", "--user", "Ada", password="not it").output
        for _ in range(5)
    ]
    assert "wrong name or password" in outputs[0]
    assert "too many failed sign-ins" in outputs[-1]
    right = _run(team, "users", "disable", "Ben", "--user", "Ada", password=PASSWORD)
    assert right.exit_code == 2 and "locked until" in _flat(right)
    assert all("argon2" not in o for o in [*outputs, right.output])


def test_user_is_refused_in_laptop_mode(cli: CliRunner) -> None:
    told = _run(cli, "users", "disable", "Ada", "--user", "Ada", password=PASSWORD)
    assert told.exit_code == 2 and "--user is for team mode" in _flat(told)


# --- review, corpora and export under roles ----------------------------------------------------


def test_laptop_mode_reviews_under_the_typed_name_as_before(
    cli: CliRunner, checked, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    nameless = _run(cli, "review", "accept", assertion_id)
    assert nameless.exit_code == 2 and "say who you are" in _flat(nameless)
    assert _run(cli, "review", "accept", assertion_id, "-r", "Cleo").exit_code == 0
    assert _history(tmp_path, run_id, assertion_id) == ["Cleo:accept"]


def test_team_mode_reviews_under_the_signed_in_user(team: CliRunner, checked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run_id, assertion_id = checked
    anonymous = _run(team, "review", "accept", assertion_id, "-r", "Cleo")
    assert anonymous.exit_code == 2 and "to review sign in with --user NAME" in _flat(anonymous)
    wrong = _run(team, "review", "accept", assertion_id, "--user", "Ben", password="nope-nope")
    assert wrong.exit_code == 2 and "wrong name or password" in _flat(wrong)
    posing = _run(
        team, "review", "accept", assertion_id, "--user", "Ben", "-r", "Eve", password=PASSWORD
    )
    assert posing.exit_code == 2 and "leave out the reviewer name" in _flat(posing)
    ok = _run(team, "review", "accept", assertion_id, "--user", "Ben", password=PASSWORD)
    assert ok.exit_code == 0, ok.output
    noted = _run(
        team,
        "review",
        "note",
        assertion_id,
        "--user",
        "ben",
        "--text",
        "Seen.",
        input=f"{PASSWORD}\n",
    )
    assert noted.exit_code == 0, noted.output
    assert _history(tmp_path, run_id, assertion_id) == ["Ben:accept", "Ben:note"]


def test_corpora_are_managed_by_admins_only(team: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(TEXT)
    as_reviewer = _run(
        team, "corpus", "add", "c2", str(tmp_path / "note.txt"), "--user", "Ben", password=PASSWORD
    )
    assert as_reviewer.exit_code == 2
    assert "Ben is a reviewer: to manage corpora you need an admin" in _flat(as_reviewer)
    as_admin = _run(
        team, "corpus", "add", "c2", str(tmp_path / "note.txt"), "-u", "Ada", password=PASSWORD
    )
    assert as_admin.exit_code == 0, as_admin.output
    assert _run(team, "corpus", "remove", "c2", "--user", "Eve", password=PASSWORD).exit_code == 2
    assert _run(team, "corpus", "remove", "c2").exit_code == 2
    assert "c2" in _run(team, "corpus", "list").output  # reading needs no account
    assert _run(team, "corpus", "remove", "c2", "--user", "Ada", password=PASSWORD).exit_code == 0


def test_claimreview_export_needs_an_editor(team: CliRunner, checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_id, _ = checked
    out = tmp_path / "out.json"
    args = ("export", run_id, "--format", "claimreview", "-o", str(out), "--all")
    as_reviewer = _run(team, *args, "--user", "Ben", password=PASSWORD)
    assert as_reviewer.exit_code == 2 and "to export ClaimReview you need an editor" in _flat(
        as_reviewer
    )
    assert not out.exists()
    as_editor = _run(team, *args, "--user", "Eve", password=PASSWORD)
    assert as_editor.exit_code == 0, as_editor.output
    assert "argon2" not in out.read_text() and "ClaimReview" in out.read_text()
    report = _run(team, "export", run_id, "--format", "md", "-o", str(tmp_path / "r.md"))
    assert report.exit_code == 0  # a report for reading needs no account


# --- the UI's address ----------------------------------------------------------------------------


def test_ui_listens_beyond_loopback_only_in_team_mode(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(
        "workbench.cli.ui.subprocess.call", lambda cmd, **kw: started.append(cmd) or 0
    )
    refused = _run(cli, "ui", "--host", "0.0.0.0")
    assert refused.exit_code == 2 and not started
    assert "refusing to listen on 0.0.0.0: no account exists" in _flat(refused)
    assert "`workbench users add NAME --role admin`" in _flat(refused)
    assert _run(cli, "ui").exit_code == 0  # 127.0.0.1 as ever
    assert started[-1][-2:] == ["--server.address", "127.0.0.1"]
    _run(cli, "users", "add", "Ada", "--role", "admin", password=PASSWORD)
    assert _run(cli, "ui", "--host", "0.0.0.0", "--port", "8600").exit_code == 0
    assert started[-1][-4:] == ["--server.port", "8600", "--server.address", "0.0.0.0"]

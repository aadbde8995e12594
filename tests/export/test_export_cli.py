"""`workbench export` on a real database: a checked article, reviewed, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import check_supported_claim
from typer.testing import CliRunner

from workbench.cli import app
from workbench.cli.export import write_atomically
from workbench.export import ExportFormat
from workbench.review import ReviewService
from workbench.services import Workbench


@pytest.fixture
def reviewed(workbench: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    outcome = check_supported_claim(
        workbench,
        tmp_path,
        "Puyi was the last emperor of China. <script>alert('doc')</script>",
        "Puyi was the last emperor of China.",
        "Who was the last emperor of China?",
    )
    ReviewService(workbench).accept(
        outcome.run.run_id, outcome.results[0].assertion.assertion_id, "Ana", 0
    )
    monkeypatch.setenv("WORKBENCH_HOME", str(workbench.settings.home))
    return outcome.article.article_id


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_from_the_cli(reviewed: str, fmt: ExportFormat, tmp_path: Path) -> None:
    out = tmp_path / "out" / f"report.{fmt.value}"
    result = CliRunner().invoke(app, ["export", reviewed, "--format", fmt.value, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data and not list(out.parent.glob(".report*"))  # no temp file left behind
    if fmt == ExportFormat.CLAIMREVIEW:
        reviews = json.loads(data)
        assert (
            len(reviews) == 1
            and reviews[0]["claimReviewed"] == "Puyi was the last emperor of China."
        )
    if fmt == ExportFormat.HTML:
        assert b"<script" not in data.lower()


def test_unknown_id_is_a_clear_error(reviewed: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "run-nope", "-f", "md", "-o", str(tmp_path / "x.md")]
    )
    assert result.exit_code == 2 and "no run 'run-nope'" in result.output


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old report")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new report")
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]

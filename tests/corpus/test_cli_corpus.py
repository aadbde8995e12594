"""`workbench corpus add` as a user runs it: skipped files named, the configured size limit."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app

cli_app = importlib.import_module("workbench.cli.app")  # the module, not the Typer app


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings) -> CliRunner:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    # Share the session's loaded embedder instead of loading the model per command.
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    monkeypatch.setattr(cli_app.console, "_width", 1000)  # one line per file, unwrapped
    return CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Puyi was the last emperor of China.")
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n")
    return folder


def test_a_folder_lists_its_unsupported_files_as_skipped(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["corpus", "add", "c", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output  # skipped files do not fail the command
    assert "1 added" in result.output and "0 failed, 2 skipped" in result.output
    lines = [s.strip() for s in result.output.splitlines() if s.strip().startswith("skipped ")]
    assert len(lines) == 2
    assert lines[0].endswith(
        "budget.xlsx: unsupported file type '.xlsx' (supported: .docx, "
        ".htm, .html, .jsonl, .markdown, .md, .pdf, .txt)"
    )
    assert "scan.png: unsupported file type '.png'" in lines[1]


def test_json_report_carries_the_skipped_files(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["corpus", "add", "c", str(_folder(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["failed"] == [] and report["added"] == 1
    assert [Path(s["source"]).name for s in report["skipped"]] == ["budget.xlsx", "scan.png"]
    assert all(s["reason"].startswith("unsupported file type") for s in report["skipped"])


def test_an_unsupported_file_named_explicitly_fails(cli: CliRunner, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = cli.invoke(
        app, ["corpus", "add", "c", str(folder / "good.txt"), str(folder / "budget.xlsx")]
    )
    assert result.exit_code == 1
    assert "1 failed, 0 skipped" in result.output
    [line] = [line.strip() for line in result.output.splitlines() if "budget.xlsx" in line]
    assert line.startswith("failed ") and "unsupported file type '.xlsx'" in line


def test_docx_expansion_is_bounded_by_the_configured_limit(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    folder = tmp_path / "word"
    folder.mkdir()
    document = docx.Document()
    for i in range(2000):  # repetitive prose: compresses well, not like a zip bomb
        document.add_paragraph(f"Paragraph {i}. " + "The harbour authority confirmed it. " * 20)
    document.save(folder / "long.docx")
    size_mb = (folder / "long.docx").stat().st_size / 2**20
    monkeypatch.setenv("WORKBENCH_MAX_FILE_MB", f"{size_mb * 1.5:.3f}")  # the file fits in it
    refused = cli.invoke(app, ["corpus", "add", "c", str(folder)])
    assert refused.exit_code == 1
    assert "long.docx: refused: archive expands to" in refused.output
    assert "over 20 times the" in refused.output  # of the limit set; 50 MB would read it

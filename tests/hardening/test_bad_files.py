"""Hundreds of bad files mixed with good ones: no crash, every good document in, every bad
one reported by its name with a reason, and the CLI says so with a non-zero exit."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hardening.bad_files import FuzzSet, make_fuzz_set
from typer.testing import CliRunner

from workbench.cli.app import app
from workbench.corpus.ingest import ingest
from workbench.services import Workbench
from workbench.store import catalog

cli_app = importlib.import_module("workbench.cli.app")  # the module, not the Typer app


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FuzzSet]:
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, make_fuzz_set(folder)


def test_the_fuzz_set_is_big_enough(fuzz: tuple[Path, FuzzSet]) -> None:
    _, files = fuzz
    assert len(files.bad) + len(files.bad_lines) >= 200
    assert len(files.good) >= 40


def test_every_good_document_goes_in_and_every_bad_file_is_named_with_a_reason(
    workbench: Workbench, fuzz: tuple[Path, FuzzSet]
) -> None:
    folder, files = fuzz
    report = ingest(workbench, "fuzz", [folder])

    failed = {f.source: f.reason for f in report.failed}
    expected_bad = {str(p.resolve()) for p in files.bad} | set(files.bad_lines)
    # jsonl lines are reported as "<resolved path>:<line>"
    expected_bad = {s.replace(str(folder), str(folder.resolve())) for s in expected_bad}
    assert set(failed) == expected_bad
    assert all(reason.strip() for reason in failed.values())
    assert report.added == len(files.good)
    skipped = {s.source: s.reason for s in report.skipped}  # listed, and no failure
    assert set(skipped) == {str(p.resolve()) for p in files.skipped}
    assert all(reason.startswith("unsupported file type") for reason in skipped.values())

    with workbench.db.transaction() as session:
        documents = catalog.list_documents(session, "fuzz")
        texts = {d.source: catalog.get_document(session, "fuzz", d.doc_id).text for d in documents}
    stored = "\n".join(texts.values())
    for path, sentence in files.good.items():
        assert sentence in stored, f"{path.name}: good document lost"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("huge-100mb.txt", "over the 50.0 MB limit"),
        ("zip-bomb-2.docx", "zip bomb"),
        ("encrypted-0.pdf", "encrypted PDF"),
        ("binary-0.txt", "binary file"),
        ("invalid-utf8-0.txt", "cannot decode text"),
        ("only-scripts-0.html", "no main text"),
        ("no-text-layer.pdf", "no text layer"),
        ("empty.docx", "empty file"),
    ],
)
def test_reasons_say_what_is_wrong(
    fuzz: tuple[Path, FuzzSet], name: str, fragment: str, tmp_path: Path, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.readers import read_file

    folder, _ = fuzz
    result = read_file(folder / name, max_bytes=50 * 2**20)
    assert result.sources == []
    assert fragment in result.failures[0].reason


def test_mixed_encodings_keep_both_halves(fuzz: tuple[Path, FuzzSet]) -> None:
    from workbench.corpus.readers import read_file

    folder, _ = fuzz
    path = next(folder.glob("mixed-encodings-*.txt"))
    text = read_file(path, max_bytes=2**20).sources[0].text
    assert "Première ligne" in text and "Deuxième ligne en cp1252." in text


def test_the_cli_names_the_bad_files_and_exits_non_zero(
    fuzz: tuple[Path, FuzzSet], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, files = fuzz
    small = tmp_path / "in"
    small.mkdir()
    good = [p for p in files.good if p.exists()][:3]
    bad = [p for p in files.bad if p.stat().st_size < 2**20 and ("[" in p.name or "-0." in p.name)]
    skipped = list(files.skipped)
    for path in good + bad + skipped:
        (small / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setattr(cli_app.console, "_width", 1000)  # one failure per line, unwrapped
    result = CliRunner().invoke(app, ["corpus", "add", "mixed", str(small)])
    assert result.exit_code == 1
    assert "3 added" in result.output and f"{len(bad)} failed" in result.output
    assert f"{len(skipped)} skipped" in result.output
    for path in bad + skipped:  # names are printed as they are, even ones that look like markup
        assert f"{path.name}: " in result.output

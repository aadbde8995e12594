"""Ingest on a real SQLite catalog and a real Chroma PersistentClient in a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workbench.corpus.ingest import ingest
from workbench.corpus.manage import corpus_documents, list_corpora, remove_corpus
from workbench.corpus.readers import Upload
from workbench.records import Passage
from workbench.services import Workbench
from workbench.store import catalog


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_add_then_search_finds_the_right_page(workbench: Workbench, sample_corpus: Path) -> None:
    report = ingest(workbench, "fm2", [sample_corpus])
    assert report.ok and report.added == 40 and report.passages > 40
    hits = workbench.searcher.search("fm2", "Who designed the Brooklyn Bridge?", k=5)
    assert hits[0].title == "Brooklyn Bridge"
    by_id = {d.doc_id: d for d in corpus_documents(workbench, "fm2")[1]}
    for hit in hits:  # every hit is a verbatim slice of its stored document
        assert by_id[hit.doc_id].text[hit.start : hit.end] == hit.text


def test_readding_unchanged_files_skips_them_and_changed_ones_replace(
    workbench: Workbench, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    _write(docs, "a.txt", "The bridge opened in 1883.\nIt spans the East River.")
    _write(docs, "b.md", "# Pisa\nThe tower leans because of soft ground.")
    first = ingest(workbench, "c", [docs])
    assert (first.added, first.unchanged, first.replaced) == (2, 0, 0)

    again = ingest(workbench, "c", [docs])
    assert (again.added, again.unchanged, again.passages) == (0, 2, 0)

    _write(docs, "a.txt", "The bridge opened in 1884, a year late.")
    changed = ingest(workbench, "c", [docs])
    assert (changed.added, changed.replaced, changed.unchanged) == (0, 1, 1)
    info, documents = corpus_documents(workbench, "c")
    assert info.documents == 2
    assert any("1884" in d.text for d in documents)
    assert not any("1883" in d.text for d in documents)
    hits = workbench.searcher.search("c", "when did the bridge open", k=5)
    assert all("1883" not in h.text for h in hits)  # old passages gone from both retrievers
    assert workbench.index.doc_ids("c") == {d.doc_id for d in documents}


def test_identical_documents_are_stored_once(workbench: Workbench, tmp_path: Path) -> None:
    _write(tmp_path, "one.txt", "Same text in two files.")
    _write(tmp_path, "two.txt", "Same text in two files.\n")
    report = ingest(workbench, "c", [tmp_path])
    assert (report.added, report.duplicates) == (1, 1)
    assert list_corpora(workbench)[0].documents == 1


def test_bad_files_are_reported_and_good_ones_go_in(workbench: Workbench, tmp_path: Path) -> None:
    _write(tmp_path, "good.txt", "A good document about the Moai of Easter Island.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    _write(tmp_path, "empty.md", "   \n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    _write(
        tmp_path,
        "mixed.jsonl",
        json.dumps({"doc_id": "ok", "title": "Ok", "text": "Valid line text."}) + "\n{not json\n",
    )
    report = ingest(workbench, "c", [tmp_path])
    assert report.added == 2
    failed = {Path(f.source.split(":")[0]).name for f in report.failed}
    assert {"binary.txt", "empty.md", "broken.pdf", "mixed.jsonl"} <= failed
    assert all(f.reason for f in report.failed)


def test_vectors_without_a_committed_document_are_ignored_and_swept(
    workbench: Workbench, tmp_path: Path
) -> None:
    """What a crash between the Chroma write and the catalog commit leaves behind."""
    ingest(workbench, "c", [_write(tmp_path, "a.txt", "Honus Wagner played shortstop.")])
    ghost = Passage(
        passage_id="p-ghost", doc_id="doc-ghost", start=0, end=22, text="Honus Wagner shortstop"
    )
    vector = workbench.embeddings.embed_documents([ghost.text])
    workbench.index.add("c", "all-MiniLM-L6-v2-onnx-int8", [ghost], np.array(vector))
    hits = workbench.searcher.search("c", "Honus Wagner shortstop", k=5)
    assert hits and all(h.doc_id != "doc-ghost" for h in hits)
    ingest(workbench, "c", [tmp_path])  # the next ingest sweeps it
    assert "doc-ghost" not in workbench.index.doc_ids("c")


def test_a_failing_embedder_leaves_no_half_document(workbench: Workbench, tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Ada Yonath won the Nobel Prize in Chemistry.")

    class Broken:
        model_id = "all-MiniLM-L6-v2-onnx-int8"

        def embed_documents(self, texts):  # type: ignore[no-untyped-def]
            raise RuntimeError("embedder died")

    good = workbench.embeddings
    workbench.embeddings = Broken()
    with pytest.raises(RuntimeError):
        ingest(workbench, "c", [tmp_path])
    workbench.embeddings = good
    with workbench.db.transaction() as session:
        assert catalog.doc_ids(session, "c") == set()
        assert catalog.iter_passages(session, "c") == []
    assert ingest(workbench, "c", [tmp_path]).added == 1  # a rerun finishes the work


def test_remove_corpus_drops_catalog_vectors_and_keyword_index(
    workbench: Workbench, tmp_path: Path
) -> None:
    ingest(workbench, "c", [_write(tmp_path, "a.txt", "Charlemagne was crowned in 800.")])
    workbench.searcher.search("c", "Charlemagne", k=1)
    remove_corpus(workbench, "c")
    assert list_corpora(workbench) == []
    assert not workbench.index.has("c")
    assert not (workbench.settings.vectorstore_dir / "bm25" / "c").exists()


def test_invalid_corpus_name_is_refused(workbench: Workbench, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="invalid corpus name"):
        ingest(workbench, "../etc", [tmp_path])


def test_unsupported_files_in_a_folder_are_listed_as_skipped(
    workbench: Workbench, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"  # not the home folder, which holds the stores
    _write(docs, "note.txt", "The Moai stand on Easter Island.")
    (docs / "sheet.xlsx").write_bytes(b"PK\x03\x04 not read")
    (docs / "blob.bin").write_bytes(b"\x00\x01")
    (docs / "photo.png").write_bytes(b"\x89PNG")
    report = ingest(workbench, "c", [docs])
    assert report.ok and report.added == 1 and report.failed == ()
    skipped = {Path(s.source).name: s.reason for s in report.skipped}
    assert list(skipped) == ["blob.bin", "photo.png", "sheet.xlsx"]
    assert skipped["sheet.xlsx"].startswith("unsupported file type '.xlsx' (supported: ")
    assert "skipped" in report.model_dump()  # it reaches --json too

    named = ingest(workbench, "c", [docs / "sheet.xlsx"])  # asked for by name: a failure
    assert not named.ok and named.skipped == ()
    assert "unsupported file type '.xlsx'" in named.failed[0].reason


def test_uploads_are_stored_under_their_file_name(workbench: Workbench) -> None:
    first = ingest(
        workbench, "c", [], uploads=[Upload("report.txt", b"The bridge opened in 1883.")]
    )
    assert first.added == 1
    again = ingest(workbench, "c", [], uploads=[Upload("report.txt", b"It opened in 1884.")])
    assert (again.added, again.replaced) == (0, 1)  # the same name replaces, as a path does
    [document] = corpus_documents(workbench, "c")[1]
    assert document.source == "upload:report.txt" and document.title == "It opened in 1884."

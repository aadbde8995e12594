"""Stale verdicts on real stored documents: replaced, removed, or still current."""

from __future__ import annotations

from pathlib import Path

from workbench.check.citations import citation_for
from workbench.check.staleness import CorpusNow, stale_reasons
from workbench.corpus.ingest import ingest
from workbench.corpus.manage import remove_corpus
from workbench.records import EvidenceSentence
from workbench.services import Workbench
from workbench.store import catalog

TEXT = "The Brooklyn Bridge was designed by John A. Roebling. It opened in 1883."


def _first_sentence_citation(wb: Workbench, corpus: str):  # type: ignore[no-untyped-def]
    hit = wb.searcher.search(corpus, "Who designed the Brooklyn Bridge?", k=1)[0]
    end = hit.start + hit.text.index(".") + 1
    sentence = EvidenceSentence(
        number=1,
        passage_id=hit.passage_id,
        doc_id=hit.doc_id,
        doc_sha256=hit.doc_sha256,
        title=hit.title,
        source=hit.source,
        start=hit.start,
        end=end,
        text=hit.text[: end - hit.start],
        score=1.0,
    )
    return citation_for(sentence)


def _added_at(wb: Workbench, corpus: str):  # type: ignore[no-untyped-def]
    with wb.db.transaction() as session:
        (document,) = catalog.list_documents(session, corpus)
    return document.ingested_at


def test_a_current_document_makes_nothing_stale(workbench: Workbench, tmp_path: Path) -> None:
    (tmp_path / "bridge.txt").write_text(TEXT)
    ingest(workbench, "c", [tmp_path / "bridge.txt"])
    citation = _first_sentence_citation(workbench, "c")
    with workbench.db.transaction() as session:
        assert stale_reasons(session, "c", [citation]) == ()


def test_a_replaced_document_is_named_with_when_it_was_replaced(
    workbench: Workbench, tmp_path: Path
) -> None:
    source = tmp_path / "bridge.txt"
    source.write_text(TEXT)
    ingest(workbench, "c", [source])
    citation = _first_sentence_citation(workbench, "c")
    source.write_text(TEXT.replace("1883", "1884"))  # the same file, corrected
    assert ingest(workbench, "c", [source]).replaced == 1
    with workbench.db.transaction() as session:
        reasons = CorpusNow(session, "c").reasons([citation, citation])  # one reason per document
    assert len(reasons) == 1
    assert reasons[0] == (
        f"cited document {citation.title!r} was replaced with new text on "
        f"{_added_at(workbench, 'c'):%Y-%m-%d %H:%M} UTC"
    )


def test_a_removed_corpus_makes_its_citations_stale(workbench: Workbench, tmp_path: Path) -> None:
    (tmp_path / "bridge.txt").write_text(TEXT)
    ingest(workbench, "c", [tmp_path / "bridge.txt"])
    citation = _first_sentence_citation(workbench, "c")
    remove_corpus(workbench, "c")
    with workbench.db.transaction() as session:
        assert stale_reasons(session, "c", [citation]) == (
            f"cited document {citation.title!r} is no longer in corpus 'c'",
        )

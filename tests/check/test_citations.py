"""Citations are checked in code against the stored corpus, never trusted: each way a citation
can go wrong, on a real document ingested into a real store (SQLite + Chroma) and a citation
made by a real check of the chain (scripted model), not on hand-built records."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import check_supported_claim

from workbench.check.citations import citation_for, reviewer_citation
from workbench.check.pipeline import stored_citation_problem
from workbench.corpus.ingest import ingest
from workbench.records import Citation, Passage, sha256_hex
from workbench.services import Workbench
from workbench.store import catalog
from workbench.store.catalog import DocumentRow

CITED = "The Moai were carved by the Rapa Nui people on Easter Island."
# Long enough for several passages of the default 800 characters: the cited sentence opens
# the first one, so the others give real passages that do not hold it.
SOURCE = "\n\n".join(
    [
        f"{CITED} Easter Island lies in the south-eastern Pacific Ocean.",
        "The statues stand on stone platforms called ahu, most of them near the coast. "
        "Nearly half are still at Rano Raraku, the main quarry, and hundreds were moved "
        "from there, a task that has been argued about by archaeologists for decades. "
        "Their heads are large, about three fifths of the size of the whole figure. " * 3,
        "The island was annexed by Chile in 1888. Its first Polynesian settlers arrived "
        "centuries earlier, probably from the Gambier or Marquesas islands. " * 4,
    ]
)
CLAIM = "The Moai were carved by the Rapa Nui."


@pytest.fixture
def checked(workbench: Workbench, tmp_path: Path) -> tuple[Workbench, Citation]:
    outcome = check_supported_claim(workbench, tmp_path, SOURCE, CLAIM, "Who carved the Moai?")
    (result,) = outcome.results
    (citation,) = result.verdict.citations
    assert citation == citation_for(result.evidence[0])  # the chain cites the sentence it shows
    return workbench, citation


def _document_and_passages(wb: Workbench, doc_id: str) -> tuple[str, list[Passage]]:
    with wb.db.transaction() as session:
        document = catalog.get_document(session, "c", doc_id)
        return document.text, catalog.passages_of(session, "c", doc_id)


def test_a_citation_from_a_real_check_is_verbatim_and_current(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    assert citation.quote == CITED
    text, passages = _document_and_passages(wb, citation.doc_id)
    assert text[citation.start : citation.end] == CITED
    assert sha256_hex(text) == citation.doc_sha256
    assert len(passages) >= 2  # the other branches below need passages that do not hold it
    assert stored_citation_problem(wb, "c", citation) is None


def test_a_quote_that_is_not_verbatim_at_its_range_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    reworded = citation.model_copy(update={"quote": CITED.replace("Rapa Nui", "Maori")})
    shifted = citation.model_copy(update={"start": citation.start + 1, "end": citation.end + 1})
    for changed in (reworded, shifted):  # words changed; right words, range one off
        problem = stored_citation_problem(wb, "c", changed)
        assert problem == "quote is not verbatim at the cited range"


def test_a_document_the_corpus_does_not_hold_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    unknown = citation.model_copy(update={"doc_id": "doc-" + "0" * 20})
    assert stored_citation_problem(wb, "c", unknown) == (
        f"cited document doc-{'0' * 20} is not in the corpus"
    )
    # The same, untouched citation against another corpus: the document is not in that one.
    ingest(wb, "other", [_write(wb, "other.txt", "The Brandenburg Gate is in Berlin.")])
    assert stored_citation_problem(wb, "other", citation) == (
        f"cited document {citation.doc_id} is not in the corpus"
    )


def test_a_passage_that_is_not_in_the_cited_document_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    ingest(wb, "c", [_write(wb, "gate.txt", "The Brandenburg Gate is an 18th-century monument.")])
    with wb.db.transaction() as session:
        (gate,) = [d for d in catalog.list_documents(session, "c") if d.doc_id != citation.doc_id]
        (gate_passage,) = catalog.passages_of(session, "c", gate.doc_id)
    for passage_id in (gate_passage.passage_id, "p-" + "0" * 20):  # another document's; none
        problem = stored_citation_problem(
            wb, "c", citation.model_copy(update={"passage_id": passage_id})
        )
        assert problem == f"cited passage {passage_id} is not in document {citation.doc_id}"


def test_a_range_outside_the_cited_passage_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    text, passages = _document_and_passages(wb, citation.doc_id)
    first, second = passages[0], passages[1]
    assert first.start <= citation.start < citation.end <= first.end
    # The cited words, verbatim at their range, but named as part of the second passage.
    elsewhere = citation.model_copy(update={"passage_id": second.passage_id})
    # A range that runs over the end of its passage: verbatim document text all the same.
    straddling = citation.model_copy(
        update={
            "start": first.end - 10,
            "end": first.end + 10,
            "quote": text[first.end - 10 : first.end + 10],
        }
    )
    for changed in (elsewhere, straddling):
        assert text[changed.start : changed.end] == changed.quote  # only the range is wrong
        problem = stored_citation_problem(wb, "c", changed)
        assert problem == "cited range lies outside the cited passage"


def test_a_document_changed_since_the_check_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    # Re-ingest the same source file with a sentence changed after the cited one: the cited
    # sentence is still there, at the same offsets, but the document is not the one checked.
    source = Path(citation.source)
    source.write_text(SOURCE.replace("annexed by Chile in 1888", "annexed by Chile in 1889"))
    report = ingest(wb, "c", [source])
    assert report.replaced == 1
    with wb.db.transaction() as session:
        (current,) = catalog.list_documents(session, "c")
    assert current.source == citation.source and current.sha256 != citation.doc_sha256
    assert current.text[citation.start : citation.end] == citation.quote
    # Document ids are content hashes, so the version checked is gone from the corpus and
    # the citation is refused as naming a document the corpus no longer holds.
    problem = stored_citation_problem(wb, "c", citation)
    assert problem == f"cited document {citation.doc_id} is not in the corpus"
    # The same sentence cited from the current version passes.
    _, passages = _document_and_passages(wb, current.doc_id)
    (passage,) = [p for p in passages if p.start <= citation.start < citation.end <= p.end]
    fresh = citation.model_copy(
        update={
            "doc_id": current.doc_id,
            "passage_id": passage.passage_id,
            "doc_sha256": current.sha256,
        }
    )
    assert stored_citation_problem(wb, "c", fresh) is None


def test_a_stored_document_whose_text_changed_under_its_id_is_stale(checked) -> None:  # type: ignore[no-untyped-def]
    wb, citation = checked
    # The store edited in place (not re-ingested): same id, passages and cited words, new text.
    with wb.db.transaction() as session:
        row = session.get(DocumentRow, ("c", citation.doc_id))
        row.text = row.text + " A sentence added later."
        row.sha256 = sha256_hex(row.text)
    text, _ = _document_and_passages(wb, citation.doc_id)
    assert text[citation.start : citation.end] == citation.quote
    problem = stored_citation_problem(wb, "c", citation)
    assert problem == "stale: the document changed since the check"


def _write(wb: Workbench, name: str, text: str) -> Path:
    path = wb.settings.home / name
    path.write_text(text)
    return path


def test_a_reviewer_citation_is_built_from_the_stored_document_and_checked_the_same_way(
    checked: tuple[Workbench, Citation],
) -> None:
    wb, machine = checked
    with wb.db.transaction() as session:
        document = catalog.get_document(session, "c", machine.doc_id)
        passages = catalog.passages_of(session, "c", machine.doc_id)
    sentence = "The island was annexed by Chile in 1888."
    citation = reviewer_citation(document, passages, f"  {sentence} ", "Ana")
    assert document.text[citation.start : citation.end] == sentence == citation.quote
    assert (citation.added_by, citation.doc_sha256) == ("Ana", document.sha256)
    assert stored_citation_problem(wb, "c", citation) is None  # as the machine's are checked
    with pytest.raises(ValueError, match="not verbatim in"):
        reviewer_citation(document, passages, sentence.replace("Chile", "Peru"), "Ana")
    with pytest.raises(ValueError, match="not verbatim at the cited range"):
        reviewer_citation(document, passages, sentence, "Ana", start=citation.start + 1)
    with pytest.raises(ValueError, match="across two passages"):
        reviewer_citation(document, passages, document.text, "Ana")

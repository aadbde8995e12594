"""The batched passage lookup search uses returns what the per-id lookups return."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.corpus.chunking import Chunker
from workbench.records import Document, SourceText
from workbench.services import Workbench
from workbench.store import catalog

TEXTS = {
    "plain": "The Brooklyn Bridge opened in 1883.\n\nIt spans the East River. " * 30,
    # Multi-byte characters: offsets count characters, not bytes.
    "accents": "Émile Zola wrote « J'accuse » in 1898 😀. Ça a changé la France. " * 30,
    # SQLite's substr stops at a NUL character; the lookup must still slice it right.
    "nul": "before the NUL \x00 after the NUL, and more words here. " * 30,
}


def _add(wb: Workbench) -> list[str]:
    now = datetime.now(UTC)
    chunker = Chunker(chunk_size=200)
    ids = []
    with wb.db.transaction() as session:
        catalog.ensure_corpus(session, "c", "emb", now)
        for name, text in TEXTS.items():
            doc = Document.from_source("c", SourceText(text=text, source=name, title=name), now)
            passages = chunker.split(doc)
            assert len(passages) > 3 and any(p.start > 0 for p in passages)
            catalog.put_document(session, doc, passages)
            ids += [p.passage_id for p in passages]
    return ids


def test_batched_lookup_equals_per_id_lookups(workbench: Workbench) -> None:
    ids = _add(workbench)
    with workbench.db.transaction() as session:
        batched = catalog.get_sourced_passages(session, "c", [*ids, "p-missing"])
        assert set(batched) == set(ids)  # unknown ids are left out
        for pid in ids:
            passage = catalog.get_passages(session, "c", [pid])[pid]
            document = catalog.get_document(session, "c", passage.doc_id)
            assert document is not None
            got = batched[pid]
            assert got.passage == passage
            assert got.passage.text == document.text[passage.start : passage.end]
            assert (got.title, got.source, got.sha256) == (
                document.title,
                document.source,
                document.sha256,
            )
        assert any("\x00" in batched[pid].passage.text for pid in ids)


def test_batched_lookup_of_nothing_or_another_corpus(workbench: Workbench) -> None:
    ids = _add(workbench)
    with workbench.db.transaction() as session:
        assert catalog.get_sourced_passages(session, "c", []) == {}
        assert catalog.get_sourced_passages(session, "other", ids) == {}

"""Files into a corpus: read, chunk, embed, index; whole documents or nothing.

Order of writes per batch: vectors to Chroma, then one catalog transaction that adds the
new documents and removes the versions they replace, then the replaced vectors. The
catalog commit is the moment a document exists; vectors without a committed row are
ignored by search and swept at the start of the next ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

import numpy as np

from workbench.corpus.chunking import Chunker
from workbench.corpus.readers import ReadResult, SkippedFile, Upload, read_paths, read_upload
from workbench.llm.embeddings import embeddings_id
from workbench.records import (
    Document,
    FailedFile,
    IngestReport,
    Passage,
    validate_corpus_name,
)
from workbench.services import Workbench
from workbench.store import catalog

Progress = Callable[[int, int], None]  # (passages done, passages total)
_BATCH_PASSAGES = 2048  # big batches let the embedder sort by length: less padding


class AddReport(IngestReport):
    """The ingest report plus the files of a folder that were not read (unsupported type).
    Skipped files are listed, not failed: they do not make ``ok`` false."""

    skipped: tuple[SkippedFile, ...] = ()


@dataclass
class _Plan:
    new: list[tuple[Document, list[Passage]]] = field(default_factory=list)
    replaces: dict[str, str] = field(default_factory=dict)  # new doc_id -> old doc_id
    unchanged: int = 0
    duplicates: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def ingest(
    wb: Workbench,
    corpus: str,
    paths: Iterable[Path],
    progress: Progress | None = None,
    uploads: Iterable[Upload] = (),
) -> AddReport:
    validate_corpus_name(corpus)
    embedder = embeddings_id(wb.embeddings)
    now = datetime.now(UTC)
    with wb.db.transaction() as session:
        row = catalog.ensure_corpus(session, corpus, embedder, now)
        if row.embedder != embedder:
            raise ValueError(
                f"corpus {corpus!r} was built with the embedder {row.embedder!r}, now "
                f"{embedder!r} is configured: remove the corpus and add it again"
            )
        known = catalog.source_hashes(session, corpus)
        committed = catalog.doc_ids(session, corpus)
    _sweep_uncommitted(wb, corpus, committed)

    max_bytes = int(wb.settings.max_file_mb * 1024 * 1024)
    reads = chain(
        (result for _, result in read_paths(paths, max_bytes)),
        (read_upload(upload, max_bytes) for upload in uploads),
    )
    plan = _plan(wb, corpus, reads, known, committed, now)
    total = sum(len(passages) for _, passages in plan.new)
    done = 0
    if progress:
        progress(0, total)
    for batch in _batches(plan.new):
        texts = [p.text for _, passages in batch for p in passages]
        vectors = np.asarray(wb.embeddings.embed_documents(texts), dtype=np.float32)
        all_passages = [p for _, passages in batch for p in passages]
        if all_passages:
            wb.index.add(corpus, embedder, all_passages, vectors)
        stale = [plan.replaces[d.doc_id] for d, _ in batch if d.doc_id in plan.replaces]
        with wb.db.transaction() as session:
            for old in stale:
                catalog.delete_document(session, corpus, old)
            for document, passages in batch:
                catalog.put_document(session, document, passages)
        wb.index.delete_docs(corpus, stale)
        done += len(all_passages)
        if progress:
            progress(done, total)
    return AddReport(
        corpus=corpus,
        added=len(plan.new) - len(plan.replaces),
        replaced=len(plan.replaces),
        unchanged=plan.unchanged,
        duplicates=plan.duplicates,
        passages=total,
        failed=tuple(plan.failed),
        skipped=tuple(plan.skipped),
    )


def _plan(
    wb: Workbench,
    corpus: str,
    reads: Iterator[ReadResult],
    known: dict[str, tuple[str, str]],
    committed: set[str],
    now: datetime,
) -> _Plan:
    plan = _Plan()
    chunker = Chunker(wb.settings.chunk_size, wb.settings.chunk_overlap)
    seen = set(committed)
    for result in reads:
        plan.failed.extend(result.failures)
        plan.skipped.extend(result.skipped)
        for source in result.sources:
            document = Document.from_source(corpus, source, now)
            old = known.get(document.source)
            if old and old[1] == document.sha256:
                plan.unchanged += 1
                continue
            if document.doc_id in seen:  # same text under another name: stored once
                plan.duplicates += 1
                continue
            try:
                passages = chunker.split(document)
            except ValueError as exc:
                plan.failed.append(FailedFile(source=document.source, reason=str(exc)))
                continue
            if not passages:
                plan.failed.append(FailedFile(source=document.source, reason="no text"))
                continue
            seen.add(document.doc_id)
            if old:
                plan.replaces[document.doc_id] = old[0]
            plan.new.append((document, passages))
    return plan


def _batches(items: list[tuple[Document, list[Passage]]]):  # type: ignore[no-untyped-def]
    batch: list[tuple[Document, list[Passage]]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[1])
        if size >= _BATCH_PASSAGES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _sweep_uncommitted(wb: Workbench, corpus: str, committed: set[str]) -> None:
    """Drop vectors left by an ingest that died before its catalog commit."""
    orphans = wb.index.doc_ids(corpus) - committed
    if orphans:
        wb.index.delete_docs(corpus, sorted(orphans))

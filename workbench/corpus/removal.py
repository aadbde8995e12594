"""Removing a document or a whole corpus, and what that does to verdicts, said before it
is done: every verdict whose current citations name a document that goes becomes stale
(workbench/check/staleness.py derives that on read), so the preview lists them by run."""

from __future__ import annotations

from workbench.corpus.manage import require_corpus
from workbench.records import Document, Label, Record, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import catalog


class CitingVerdict(Record):
    """A verdict that cites a document about to go."""

    run_id: str
    article_title: str
    assertion_id: str
    text: str
    label: Label | None
    status: ReviewStatus
    cited: tuple[str, ...]  # titles of the documents that go which it cites
    already_stale: bool  # another cited document moved before: stale already


class RemovalEffect(Record):
    corpus: str
    whole_corpus: bool
    documents: tuple[str, ...]  # titles of the documents that go
    verdicts: tuple[CitingVerdict, ...]

    @property
    def becoming_stale(self) -> tuple[CitingVerdict, ...]:
        return tuple(v for v in self.verdicts if not v.already_stale)

    @property
    def runs(self) -> tuple[str, ...]:
        """The runs holding a verdict that becomes stale."""
        return tuple(dict.fromkeys(v.run_id for v in self.becoming_stale))

    def summary(self) -> str:
        what = (
            f"corpus {self.corpus!r} ({len(self.documents)} documents)"
            if self.whole_corpus
            else f"{self.documents[0]!r} from corpus {self.corpus!r}"
        )
        n, runs = len(self.becoming_stale), len(self.runs)
        if not n:
            return f"Removing {what} makes no verdict stale: none cites it."
        return (
            f"Removing {what} makes {n} verdict{'' if n == 1 else 's'} in {runs} "
            f"run{'' if runs == 1 else 's'} stale: they cite it."
        )


def removal_effect(wb: Workbench, corpus: str, doc_id: str | None = None) -> RemovalEffect:
    """What removing one document (or, without ``doc_id``, the whole corpus) does to the
    verdicts of every run checked against the corpus, as they stand now."""
    require_corpus(wb, corpus)
    with wb.db.transaction() as session:
        if doc_id is None:
            going = {d.doc_id: d.title for d in catalog.list_documents(session, corpus)}
        else:
            document = catalog.get_document(session, corpus, doc_id)
            if document is None:
                raise LookupError(f"no document {doc_id!r} in corpus {corpus!r}")
            going = {document.doc_id: document.title}
    service = ReviewService(wb)
    verdicts = []
    for run, article in service.runs():
        if run.corpus != corpus:
            continue
        for result, state in service.results(run.run_id):
            cited = [c for c in state.current.citations if c.doc_id in going]
            if not cited:
                continue
            verdicts.append(
                CitingVerdict(
                    run_id=run.run_id,
                    article_title=article.title,
                    assertion_id=result.assertion.assertion_id,
                    text=result.assertion.text,
                    label=state.current.label,
                    status=state.status,
                    cited=tuple(dict.fromkeys(going[c.doc_id] for c in cited)),
                    already_stale=bool(state.stale),
                )
            )
    return RemovalEffect(
        corpus=corpus,
        whole_corpus=doc_id is None,
        documents=tuple(going.values()),
        verdicts=tuple(verdicts),
    )


def remove_document(wb: Workbench, corpus: str, doc_id: str) -> Document:
    """Take one document out of the corpus: its catalog rows, then its vectors."""
    require_corpus(wb, corpus)
    with wb.db.transaction() as session:
        document = catalog.get_document(session, corpus, doc_id)
        if document is None:
            raise LookupError(f"no document {doc_id!r} in corpus {corpus!r}")
        catalog.delete_document(session, corpus, doc_id)
    # Catalog first, as for a corpus: vectors without a row are ignored, then swept.
    wb.index.delete_docs(corpus, [doc_id])
    return document

"""List, inspect and remove corpora (the catalog and the vectors together)."""

from __future__ import annotations

from workbench.records import CorpusInfo, Document, Passage
from workbench.services import Workbench
from workbench.store import catalog


class UnknownCorpus(LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        hint = f"known corpora: {', '.join(known)}" if known else "no corpus yet"
        super().__init__(f"no corpus named {name!r} ({hint}); add one with `workbench corpus add`")


def list_corpora(wb: Workbench) -> list[CorpusInfo]:
    with wb.db.transaction() as session:
        return [catalog.corpus_info(session, name) for name in catalog.corpus_names(session)]


def require_corpus(wb: Workbench, name: str) -> None:
    with wb.db.transaction() as session:
        names = catalog.corpus_names(session)
    if name not in names:
        raise UnknownCorpus(name, names)


def corpus_info(wb: Workbench, name: str) -> CorpusInfo:
    require_corpus(wb, name)
    with wb.db.transaction() as session:
        return catalog.corpus_info(session, name)


def corpus_documents(wb: Workbench, name: str) -> tuple[CorpusInfo, list[Document]]:
    require_corpus(wb, name)
    with wb.db.transaction() as session:
        return catalog.corpus_info(session, name), catalog.list_documents(session, name)


def document_passages(wb: Workbench, corpus: str, doc_id: str) -> tuple[Document, list[Passage]]:
    with wb.db.transaction() as session:
        document = catalog.get_document(session, corpus, doc_id)
        if document is None:
            raise LookupError(f"no document {doc_id!r} in corpus {corpus!r}")
        return document, catalog.passages_of(session, corpus, doc_id)


def remove_corpus(wb: Workbench, name: str) -> CorpusInfo:
    require_corpus(wb, name)
    with wb.db.transaction() as session:
        info = catalog.corpus_info(session, name)
        catalog.delete_corpus(session, name)
    # Catalog first: if dropping the vectors fails, they are orphans search already ignores.
    wb.index.drop(name)
    wb.bm25.drop(name)
    return info

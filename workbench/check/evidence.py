"""Claim + questions -> the few source sentences the model will judge by.

Hybrid search per query (the claim and each question), passages deduplicated, split into
sentences that keep their offsets in the document, then reranked by embedding similarity
to the claim. A small model judges best from a handful of short sentences, so only the
top few go into the prompt, each labelled [S<n>] with its document title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from workbench.check.injection import instruction_reason
from workbench.check.sentences import split_sentences
from workbench.index.hybrid import HybridSearcher
from workbench.records import EvidenceSentence, SearchHit

PASSAGES_PER_QUERY = 4
MAX_SENTENCES = 6
MIN_SENTENCE_CHARS = 20  # shorter fragments ("## Summary", "Notes") carry no evidence


def retrieve_passages(
    searcher: HybridSearcher, corpus: str, queries: Sequence[str], k: int = PASSAGES_PER_QUERY
) -> list[SearchHit]:
    seen: dict[str, SearchHit] = {}
    for query in queries:
        for hit in searcher.search(corpus, query, k):
            seen.setdefault(hit.passage_id, hit)
    return list(seen.values())


def _is_heading(text: str) -> bool:
    """A Markdown heading ("## History | Construction | Opposition") names a topic and states
    nothing: the model once cited one as the proof that a claim was false."""
    return text.lstrip().startswith("#")


@dataclass(frozen=True)
class Selection:
    evidence: tuple[EvidenceSentence, ...]  # ranked, numbered [S1].. for the prompt
    withheld: tuple[tuple[str, str], ...] = ()  # (sentence, why): planted instructions


def select_sentences(
    embeddings: Embeddings, claim: str, hits: Sequence[SearchHit], limit: int = MAX_SENTENCES
) -> Selection:
    candidates: list[tuple[SearchHit, int, int, str]] = []
    withheld: list[tuple[str, str]] = []
    seen_texts: set[str] = set()
    for hit in hits:
        for start, end in split_sentences(hit.text):
            text = hit.text[start:end]
            if text in seen_texts:
                continue
            seen_texts.add(text)
            reason = instruction_reason(text)
            if reason:  # planted instructions never reach the model; the reviewer is told
                withheld.append((text, reason))
            elif len(text) >= MIN_SENTENCE_CHARS and not _is_heading(text):
                candidates.append((hit, hit.start + start, hit.start + end, text))
    if not candidates:
        return Selection((), tuple(withheld))
    vectors = np.asarray(
        embeddings.embed_documents([f"{h.title}: {t}" for h, _, _, t in candidates])
    )
    query = np.asarray(embeddings.embed_query(claim))
    scores = vectors @ query
    order = np.argsort(-scores)[:limit]
    evidence = tuple(
        EvidenceSentence(
            number=rank + 1,
            passage_id=candidates[i][0].passage_id,
            doc_id=candidates[i][0].doc_id,
            doc_sha256=candidates[i][0].doc_sha256,
            title=candidates[i][0].title,
            source=candidates[i][0].source,
            start=candidates[i][1],
            end=candidates[i][2],
            text=candidates[i][3],
            score=round(float(scores[i]), 4),
        )
        for rank, i in enumerate(order)
    )
    return Selection(evidence, tuple(withheld))

"""Searching a corpus for a person: the hybrid search `check` uses, with each passage cut
into its sentences and the query's words found in them, so a screen can mark the hit and a
reviewer can pick one exact sentence to cite."""

from __future__ import annotations

import re

from workbench.check.sentences import split_sentences
from workbench.corpus.manage import require_corpus
from workbench.index.bm25 import query_terms
from workbench.records import Record, SearchHit
from workbench.services import Workbench

DEFAULT_HITS = 8


class HitSentence(Record):
    """A sentence of a found passage: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str
    terms: tuple[tuple[int, int], ...] = ()  # the query's words, offsets within ``text``


class CorpusHit(Record):
    hit: SearchHit
    sentences: tuple[HitSentence, ...]
    best: int | None  # the sentence holding most of the query's words; None: matched by meaning

    @property
    def terms_found(self) -> int:
        return sum(len(s.terms) for s in self.sentences)


def term_spans(text: str, terms: list[str]) -> tuple[tuple[int, int], ...]:
    """Where the words occur in ``text``, whole words, any case."""
    if not terms:
        return ()
    words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    return tuple((m.start(), m.end()) for m in pattern.finditer(text))


def sentences_of(hit: SearchHit, terms: list[str]) -> tuple[HitSentence, ...]:
    """The passage's sentences in document offsets (the passage starts at ``hit.start``)."""
    return tuple(
        HitSentence(
            start=hit.start + start,
            end=hit.start + end,
            text=hit.text[start:end],
            terms=term_spans(hit.text[start:end], terms),
        )
        for start, end in split_sentences(hit.text)
    )


def _best(sentences: tuple[HitSentence, ...]) -> int | None:
    """The sentence with the most distinct query words (the first of equals)."""
    scores = [len({s.text[a:b].casefold() for a, b in s.terms}) for s in sentences]
    if not scores or max(scores) == 0:
        return None
    return scores.index(max(scores))


def search_corpus(wb: Workbench, corpus: str, query: str, k: int = DEFAULT_HITS) -> list[CorpusHit]:
    """The k passages `check` would retrieve for ``query``, best first, cut into sentences."""
    require_corpus(wb, corpus)
    if not query.strip():
        return []
    terms = query_terms(query)
    found = []
    for hit in wb.searcher.search(corpus, query, k):
        sentences = sentences_of(hit, terms)
        found.append(CorpusHit(hit=hit, sentences=sentences, best=_best(sentences)))
    return found

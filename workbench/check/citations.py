"""Citations are checked in code, never trusted: the quote must be the document's text at
the cited offsets, inside the cited passage, and the document must still have the hash it
had at check time (else the citation is stale)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.records import Citation, Document, EvidenceSentence, Passage

MIN_QUOTED_CHARS = 12
_QUOTED = re.compile(r"[\"“”]([^\"“”]{" + str(MIN_QUOTED_CHARS) + r",})[\"“”]")


def citation_for(sentence: EvidenceSentence) -> Citation:
    return Citation(
        passage_id=sentence.passage_id,
        doc_id=sentence.doc_id,
        doc_sha256=sentence.doc_sha256,
        start=sentence.start,
        end=sentence.end,
        quote=sentence.text,
        title=sentence.title,
        source=sentence.source,
    )


def citation_problem(
    citation: Citation, document: Document | None, passage: Passage | None
) -> str | None:
    """Why the citation cannot be trusted, or None when it is verbatim and current."""
    if document is None:
        return f"cited document {citation.doc_id} is not in the corpus"
    if passage is None or passage.doc_id != citation.doc_id:
        return f"cited passage {citation.passage_id} is not in document {citation.doc_id}"
    if not (passage.start <= citation.start < citation.end <= passage.end):
        return "cited range lies outside the cited passage"
    if document.text[citation.start : citation.end] != citation.quote:
        return "quote is not verbatim at the cited range"
    if document.sha256 != citation.doc_sha256:
        return "stale: the document changed since the check"
    return None


def reviewer_citation(
    document: Document,
    passages: Sequence[Passage],
    quote: str,
    added_by: str,
    start: int | None = None,
) -> Citation:
    """A citation a reviewer adds for a sentence retrieval missed: built from the stored
    document (the quote where it stands, at ``start`` when given, else its first occurrence),
    inside one of its passages, and checked like the machine's. ValueError says why not."""
    quote = quote.strip()
    if not quote:
        raise ValueError("give the sentence to cite")
    if start is None:
        start = document.text.find(quote)
        if start < 0:
            raise ValueError(
                f"the quote is not verbatim in {document.title!r}: copy it from the document "
                "as it stands (same words, punctuation and spacing)"
            )
    end = start + len(quote)
    passage = next((p for p in passages if p.start <= start and end <= p.end), None)
    if passage is None:
        raise ValueError("the quote runs across two passages of the document: cite a shorter part")
    citation = Citation(
        passage_id=passage.passage_id,
        doc_id=document.doc_id,
        doc_sha256=document.sha256,
        start=start,
        end=end,
        quote=quote,
        title=document.title,
        source=document.source,
        added_by=added_by,
    )
    problem = citation_problem(citation, document, passage)
    if problem:
        raise ValueError(f"cannot cite it: {problem}")
    return citation


def quoted_fragments(rationale: str) -> list[str]:
    """Fragments of a rationale in double quotes (single ones are mostly apostrophes)."""
    return re.findall(_QUOTED, rationale)


def unsupported_quotes(rationale: str, evidence: Sequence[EvidenceSentence]) -> list[str]:
    """Quoted fragments of a rationale that appear in no evidence sentence."""
    haystack = " ".join(" ".join(s.text.split()) for s in evidence)
    return [q for q in quoted_fragments(rationale) if " ".join(q.split()) not in haystack]

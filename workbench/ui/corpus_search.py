"""Searching a corpus on screen: the passages `check` would retrieve, the sentence holding
most of the query's words marked and the words themselves highlighted, and the whole
document one switch away. Every text is escaped (services.esc) before it is marked up."""

from __future__ import annotations

import streamlit as st

from workbench.corpus.manage import corpus_info, document_passages
from workbench.corpus.search import CorpusHit, HitSentence, search_corpus
from workbench.services import Workbench
from workbench.ui.services import esc, html

HIT_STYLE = "background:#fff3bf;border-radius:3px"  # the sentence that matched best


def marked_sentence(sentence: HitSentence, best: bool = False) -> str:
    """The sentence, escaped, with the query's words in <mark>."""
    parts, cursor = [], 0
    for start, end in sentence.terms:
        parts += [esc(sentence.text[cursor:start]), f"<mark>{esc(sentence.text[start:end])}</mark>"]
        cursor = end
    parts.append(esc(sentence.text[cursor:]))
    body = "".join(parts)
    return f'<span style="{HIT_STYLE}">{body}</span>' if best else body


def marked_passage(found: CorpusHit) -> str:
    """The passage as stored, its sentences marked (text between them kept as it is)."""
    text, base = found.hit.text, found.hit.start
    parts, cursor = [], 0
    for number, sentence in enumerate(found.sentences):
        parts.append(esc(text[cursor : sentence.start - base]))
        parts.append(marked_sentence(sentence, best=number == found.best))
        cursor = sentence.end - base
    parts.append(esc(text[cursor:]))
    return "".join(parts)


def marked_document(text: str, start: int, end: int) -> str:
    """A whole document with the found passage marked."""
    return (
        f'<div class="wb-article">{esc(text[:start])}'
        f'<mark style="{HIT_STYLE}">{esc(text[start:end])}</mark>{esc(text[end:])}</div>'
    )


def hit_heading(rank: int, found: CorpusHit) -> str:
    hit = found.hit
    how = "" if found.best is not None else " · found by meaning (none of the words)"
    return (
        f"<b>{rank}. {esc(hit.title)}</b>"
        f'<div class="wb-src">{esc(hit.source)} · characters {hit.start}–{hit.end} · '
        f"score {hit.score:.3f}{how}</div>"
    )


def remembered_search(wb: Workbench, corpus: str, query: str, key: str) -> list[CorpusHit]:
    """The results, searched once per (corpus, query, corpus state): a switch flipped below
    them reruns the screen, and that should not run the search again."""
    state = corpus_info(wb, corpus).state
    wanted = (corpus, query.strip(), state)
    kept = st.session_state.get(f"{key}.results")
    if kept is None or kept[0] != wanted:
        kept = (wanted, search_corpus(wb, corpus, query))
        st.session_state[f"{key}.results"] = kept
    return kept[1]


def search_panel(wb: Workbench, corpus: str, key: str = "corpora.search") -> None:
    """A search box over one corpus and its results, best first."""
    query = st.text_input(
        f"Search {corpus}",
        key=key,
        placeholder="a claim or some words: the same hybrid search a check runs",
    )
    if not query.strip():
        return
    found = remembered_search(wb, corpus, query, key)
    if not found:
        st.info("No passage matches.")
        return
    many = f"{len(found)} passages, best first" if len(found) > 1 else "1 passage"
    st.caption(f"{many}; the sentence holding most of the words is shaded")
    for rank, item in enumerate(found, 1):
        with st.container(border=True):
            html(hit_heading(rank, item) + f'<div class="wb-ev">{marked_passage(item)}</div>')
            if st.toggle("Show the whole document", key=f"{key}.doc.{item.hit.passage_id}"):
                document, _ = document_passages(wb, corpus, item.hit.doc_id)
                html(marked_document(document.text, item.hit.start, item.hit.end))

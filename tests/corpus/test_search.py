"""Searching a corpus for a person: the hits `check` would retrieve, cut into exact
sentences with the query's words found in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.corpus.ingest import ingest
from workbench.corpus.manage import UnknownCorpus
from workbench.corpus.search import search_corpus, term_spans
from workbench.services import Workbench
from workbench.store import catalog

QUARRY = (
    "Easter Island lies in the Pacific Ocean. Most Moai were carved at the Rano Raraku "
    "quarry, a volcanic crater. The island was named by a Dutch explorer."
)


@pytest.fixture
def corpus(workbench: Workbench, tmp_path: Path) -> Workbench:
    (tmp_path / "quarry.txt").write_text(QUARRY)
    (tmp_path / "tower.txt").write_text("The Eiffel Tower stands in Paris on the Champ de Mars.")
    ingest(workbench, "c", [tmp_path / "quarry.txt", tmp_path / "tower.txt"])
    return workbench


def test_hits_are_the_searchers_passages_cut_into_exact_sentences(corpus: Workbench) -> None:
    query = "Where were the moai carved?"
    found = search_corpus(corpus, "c", query)
    assert [f.hit for f in found] == corpus.searcher.search("c", query, len(found))
    top = found[0]
    assert top.hit.title.startswith("Easter Island")
    with corpus.db.transaction() as session:
        text = catalog.get_document(session, "c", top.hit.doc_id).text
    assert [text[s.start : s.end] for s in top.sentences] == [s.text for s in top.sentences]
    assert len(top.sentences) == 3
    best = top.sentences[top.best]
    assert best.text.startswith("Most Moai were carved")
    # The words keyword search matches on (bm25s keeps "were"), any case, whole words.
    assert [best.text[a:b] for a, b in best.terms] == ["Moai", "were", "carved"]


def test_a_hit_by_meaning_alone_marks_no_sentence(corpus: Workbench) -> None:
    found = search_corpus(corpus, "c", "Parisian landmark")
    tower = next(f for f in found if "Eiffel" in f.hit.text)
    assert tower.best is None and tower.terms_found == 0


def test_words_are_found_whole_and_an_empty_query_finds_nothing(corpus: Workbench) -> None:
    assert term_spans("Moai, moaiish MOAI", ["moai"]) == ((0, 4), (14, 18))
    assert search_corpus(corpus, "c", "   ") == []
    with pytest.raises(UnknownCorpus):
        search_corpus(corpus, "nope", "Moai")

from datetime import UTC, datetime

import pytest

from workbench.corpus.chunking import Chunker
from workbench.records import Document, SourceText


def _doc(text: str) -> Document:
    return Document.from_source(
        "c", SourceText(text=text, source="s", title="t"), datetime.now(UTC)
    )


def test_every_passage_is_a_verbatim_slice_of_its_document() -> None:
    text = ("Dr. Smith arrived at 9 a.m. on Monday. The vote was 52-48!\n\n" * 40) + "End."
    doc = _doc(text)
    passages = Chunker(chunk_size=200).split(doc)
    assert len(passages) > 5
    for p in passages:
        assert doc.text[p.start : p.end] == p.text
        assert len(p.text) <= 200


def test_passages_end_on_sentence_boundaries_when_sentences_fit() -> None:
    sentences = [f"Sentence number {i} says something specific about topic {i}." for i in range(30)]
    doc = _doc(" ".join(sentences))
    for p in Chunker(chunk_size=250).split(doc):
        assert p.text.endswith("."), p.text
        assert p.text.startswith("Sentence number")


def test_ids_are_stable_and_depend_on_content_and_position() -> None:
    doc = _doc("Alpha beta gamma. " * 100)
    first = [p.passage_id for p in Chunker(300).split(doc)]
    again = [p.passage_id for p in Chunker(300).split(doc)]
    assert first == again
    assert len(set(first)) == len(first)  # identical text at other positions gets other ids
    other = _doc("Alpha beta gamma. " * 101)
    assert set(first).isdisjoint(p.passage_id for p in Chunker(300).split(other))


def test_overlong_word_is_split_but_kept_verbatim() -> None:
    doc = _doc("x" * 1000 + " tail.")
    passages = Chunker(chunk_size=300).split(doc)
    assert "".join(p.text for p in passages) == doc.text.replace(" ", "")
    for p in passages:
        assert doc.text[p.start : p.end] == p.text


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_gives_no_passages(text: str) -> None:
    assert Chunker().split(_doc(text)) == []

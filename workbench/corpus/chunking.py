"""Documents into passages of whole sentences, each keeping its exact offsets in the text.

LangChain's recursive splitter does the splitting (paragraphs, then lines, then sentence
ends, then words); this module only pins every chunk to its verbatim place in the source,
so ``document.text[p.start:p.end] == p.text`` holds for every passage.
"""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from workbench.records import Document, Passage, passage_id

# Sentence ends are a lookbehind so the punctuation stays with its sentence.
_SEPARATORS = ["\n\n", "\n", r"(?<=[.!?])\s+", r"(?<=[;:,])\s+", " ", ""]


class Chunker:
    def __init__(self, chunk_size: int = 800, chunk_overlap: int = 0) -> None:
        self.chunk_size = chunk_size
        self._splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            separators=_SEPARATORS,
            is_separator_regex=True,
            keep_separator="end",
            strip_whitespace=True,
            add_start_index=False,
        )

    def split(self, document: Document) -> list[Passage]:
        text = document.text
        passages: list[Passage] = []
        previous_start = -1
        for chunk in self._splitter.split_text(text):
            # Chunks come in order (overlapping at most): each starts after the previous one.
            start = text.find(chunk, previous_start + 1)
            if start < 0:  # the splitter must never alter text; fail loudly if it does
                raise ValueError(f"chunk not found verbatim in {document.doc_id}: {chunk[:60]!r}")
            end = start + len(chunk)
            passages.append(
                Passage(
                    passage_id=passage_id(document.doc_id, start, end),
                    doc_id=document.doc_id,
                    start=start,
                    end=end,
                    text=chunk,
                )
            )
            previous_start = start
        return passages

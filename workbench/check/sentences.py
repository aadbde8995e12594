"""Text -> sentence spans that are exact: ``text[start:end]`` is the sentence, verbatim.

pysbd decides the boundaries (abbreviations, decimals, initials) with no model to download;
this module pins every sentence to its offsets and fixes the few boundaries pysbd misses.
"""

from __future__ import annotations

import re
from functools import cache

import pysbd

# pysbd keeps "... war with Russia.’ His statement ..." together: split after a closing quote
QUOTE_END_BOUNDARY = re.compile(r"(?<=[.!?…][’”\"'])\s+(?=[‘“\"'(\[A-Z0-9])")
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t\u00a0]*\n))+")  # text between blank lines
WRAPPED_LINE_BREAK = re.compile(r"(?<=[\w,])\n(?=[ \t\u00a0]*[a-z])")


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences_in_block(block: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; ``block`` may be unwrapped (same length as the text)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(block):
        sentence = piece.sent.strip()
        found = block.find(sentence, cursor) if sentence else -1
        if found < 0:
            continue
        if block[cursor:found].strip():
            spans.append((cursor, found))
        spans.append((found, found + len(sentence)))
        cursor = found + len(sentence)
    if block[cursor:].strip():
        spans.append((cursor, len(block)))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, whitespace trimmed, so that ``text[start:end]`` is the sentence.

    pysbd decides the boundaries, one paragraph at a time (its time grows faster than the
    length of what it is given). Each sentence is found again with ``str.find`` from a moving
    cursor rather than trusting pysbd's offsets, and any text pysbd dropped becomes a span of
    its own, so nothing is lost. pysbd ends a sentence at every line break, so a hard-wrapped
    line (one continuing in lower case) is joined first, newline for space: offsets stay exact.
    """
    spans: list[tuple[int, int]] = []
    for paragraph in PARAGRAPH.finditer(text):
        block = WRAPPED_LINE_BREAK.sub(" ", paragraph.group(0))
        for start, end in _sentences_in_block(block):
            start, end = start + paragraph.start(), end + paragraph.start()
            for boundary in QUOTE_END_BOUNDARY.finditer(text, start, end):
                spans.append(_trimmed(text, start, boundary.start()))
                start = boundary.end()
            spans.append(_trimmed(text, start, end))
    return [(start, end) for start, end in spans if end > start]

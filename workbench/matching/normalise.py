"""Tweets and other social posts -> the claim they carry, before retrieval.

Embedded tweets end in a signature ("— Name (@handle) January 6, 2020") and carry links,
@handles, hashtags glued to words and HTML entities. Links are noise to both BM25 and the
embedder and go; the signature goes but the author's display name stays (fact-checks often
name who said it); a handle or hashtag becomes its words ("@realDonaldTrump" -> "real Donald
Trump", "#ImpeachTrump" -> "Impeach Trump"), which is what a fact-check would write. Curly
and straight, single and double quotation marks become one mark, so the same claim quoted
two ways is one text. What each step is worth was measured (training/claim_matching.py,
BENCHMARKS.md). Plain sentences pass through unchanged except for quotes and spacing.
"""

from __future__ import annotations

import html
import re

# "— Donald J. Trump (@realDonaldTrump) July 16, 2019" at the very end.
_SIGNATURE = re.compile(
    r"\s*[—–]\s*(?P<name>[^—–()]{0,80}?)\s*\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$"
)
# pic.twitter.com links are often glued to the word before them ("#IranUsapic.twitter.com/x").
_URL = re.compile(r"(?:https?://|www\.)\S+|pic\.twitter\.com/\w+|\bt\.co/\w+", re.IGNORECASE)
# An @handle (not inside an e-mail address) or a #hashtag (often several glued together).
_TAG = re.compile(r"(?<![\w@])@(\w{1,30})|#(\w{1,50})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans(dict.fromkeys('"“”„‟«»‘’‚‛`´', "'"))


def _tag_words(match: re.Match[str]) -> str:
    """#ImpeachTrump -> "Impeach Trump", @realDonaldTrump -> "real Donald Trump"."""
    tag = match.group(1) or match.group(2)
    return " " + _CAMEL.sub(" ", tag.replace("_", " ")) + " "


def normalise_claim(text: str, keep_author: bool = True) -> str:
    """The text with the tweet signature (keeping the author's name unless told not to) and
    links removed, handles and hashtags as words, entities decoded, one kind of quotation
    mark and spacing collapsed."""
    text = html.unescape(text).translate(_QUOTES)
    signature = _SIGNATURE.search(text)
    author = ""
    if signature:
        author = signature.group("name").strip() if keep_author else ""
        text = text[: signature.start()]
    text = _URL.sub(" ", text)
    text = _TAG.sub(_tag_words, text)
    text = _SPACE.sub(" ", f"{text} {author}").strip()
    return text

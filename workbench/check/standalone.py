"""Make an assertion stand alone: "It was designed by Gustave Eiffel." -> "The Brooklyn Bridge
was designed by Gustave Eiffel."

A sentence that opens with a pronoun says nothing checkable on its own: search finds nothing
for "it", and the coverage rule sees only the wrong name. The subject is taken from the
article: "he"/"she" is the person named last before the sentence; "it" is the thing the
article's opening sentence (or its title) is about. Rules, no model call, and only at the
start of the sentence, where the pronoun is the subject; anything less clear is left as it
is. The article keeps the original words; the standalone form is what gets checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OPENING = re.compile(r"^(It|He|She|Its|His|Her)\b(?!['’])\s*")
# A person: two to four capitalised words (middle initials allowed), not sentence-initial filler.
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+)){1,3})\b")
_THING = re.compile(
    r"^((?:The\s+)?(?:[A-Z][\w'’.-]*\s+)*?[A-Z][\w'’.-]*)\s+"
    r"(?:is|was|are|were|has|had|became|remains|stands|opened|spans|crosses)\b"
)
_NOT_A_PERSON = frozenset(
    """The A An In On At It This That These Those He She They We I But And Or If When While After
    Before Since During According However Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December""".split()  # noqa: SIM905
)


_TITLES = frozenset(
    """Secretary General President Prime Minister Chancellor Senator Governor Mayor Director
    Chief Executive Chairman Professor Dr Mr Mrs Ms Sir Dame King Queen Pope""".split()  # noqa: SIM905
)


def _name_only(words: list[str]) -> str | None:
    """ "Secretary General Mark Rutte" -> "Mark Rutte": a title is not the person."""
    while words and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 and words[0] not in _NOT_A_PERSON else None


def _last_person(sentences: Sequence[str]) -> str | None:
    for sentence in reversed(sentences):
        names = [_name_only(m.group(1).split()) for m in _PERSON.finditer(sentence)]
        names = [n for n in names if n]
        if names:
            return names[-1]
    return None


def _article_subject(title: str, sentences: Sequence[str]) -> str | None:
    """What the article is about: the subject of its opening sentence, else a title that
    reads as a name (capitalised words only)."""
    if sentences:
        match = _THING.match(sentences[0].strip())
        if match:
            return match.group(1)
    words = title.strip().rstrip(".").split()
    if 1 <= len(words) <= 6 and all(w[:1].isupper() or w.lower() in ("of", "the") for w in words):
        return " ".join(words)
    return None


def standalone(sentence: str, before: Sequence[str], title: str) -> str | None:
    """The sentence with its opening pronoun replaced by what it stands for; None when the
    sentence has no such pronoun or its referent is unclear."""
    match = _OPENING.match(sentence)
    if not match:
        return None
    pronoun, rest = match.group(1), sentence[match.end() :]
    if pronoun in ("He", "She", "His", "Her"):
        referent = _last_person(before)
    else:
        referent = _article_subject(title, before)
    if not referent or not rest:
        return None
    if referent.startswith("The ") and pronoun in ("It", "Its"):
        referent = "The " + referent[4:]
    if pronoun in ("Its", "His", "Her"):
        return f"{referent}'s {rest}"
    return f"{referent} {rest}"

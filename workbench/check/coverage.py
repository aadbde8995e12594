"""Do the retrieved sources talk about the claim at all?

The embedded 1.5B model answers "true" for nearly every claim, also when the evidence is
about something else (measured: 41 of 41 NATO claims checked against Wikipedia pages on
bridges and emperors came out SUPPORTED). Before asking it, the claim's salient terms
(names, acronyms, numbers) are looked up in the evidence: when none of them occurs in any
retrieved sentence or its title, the corpus does not cover the claim and the verdict is
NOT_ENOUGH_EVIDENCE with the missing terms named, without an LLM call. The rule is narrow
on purpose; how often it fires on benchmark claims that do have evidence is measured in
BENCHMARKS.md.

Terms alone let "Russia" in a Wikipedia sentence about nuclear weapons count as coverage of a
claim about a NATO speech. The second test: the closest evidence sentence must be at least
somewhat similar to the claim in the embedder's space. The floor is set per embedder, below
the lowest top similarity of all 400 benchmark claims (BENCHMARKS.md); an embedder without a
measured floor gets none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.records import EvidenceSentence, Label, Verdict

# Capitalised words that start sentences or clauses rather than name anything.
_COMMON = frozenset(
    """a about according after all also an and any as at before behind both but by during each
    every few for from he her here his however i if in into it its many more most my new no not
    of on one only or our over several she since so some such than that the their then there
    these they this those to two under we what when where which while who why with yet you your
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.]*\d|\d")
_POSSESSIVE = re.compile(r"['’]s$")


def salient_terms(claim: str) -> list[str]:
    """Names, acronyms and numbers of the claim, in order, without repeats."""
    terms: list[str] = []
    for match in _TOKEN.finditer(claim):
        token = _POSSESSIVE.sub("", match.group(0)).strip(".,-'’")
        if not token:
            continue
        if token[0].isdigit():
            terms.append(token.replace(",", ""))
        elif token[0].isupper() and len(token) > 1 and token.lower() not in _COMMON:
            terms.append(token)
    return list(dict.fromkeys(terms))


def _mentions(haystack: str, term: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(term.lower()) + r"(?!\w)", haystack) is not None


def uncovered_terms(claim: str, evidence: Sequence[EvidenceSentence]) -> list[str] | None:
    """The claim's salient terms when none of them occurs in the evidence; else None."""
    terms = salient_terms(claim)
    if not terms or not evidence:
        return None
    haystack = " ".join(f"{s.title} {s.text}" for s in evidence).lower().replace(",", "")
    if any(_mentions(haystack, term) for term in terms):
        return None
    return terms


# Lowest top-sentence similarity over the 400 dev-set claims with MiniLM: 0.377 (SciFact; FM2
# 0.43, Climate-FEVER 0.398, AVeriTeC 0.435). The sample articles checked against the unrelated
# sample corpus score 0.20-0.39 on 39 of 41 claims.
MIN_TOP_SIMILARITY = {"all-MiniLM-L6-v2-onnx-int8": 0.35}


def too_distant(evidence: Sequence[EvidenceSentence], embedder: str) -> float | None:
    """The best evidence similarity when it is below the embedder's floor; else None."""
    floor = MIN_TOP_SIMILARITY.get(embedder)
    if floor is None or not evidence:
        return None
    best = max(s.score for s in evidence)
    return best if best < floor else None


UNCOVERED_CONFIDENCE = 0.9  # a rule, not the model: high, but a reviewer may still look


def rule_verdict(claim: str, evidence: Sequence[EvidenceSentence], embedder: str) -> Verdict | None:
    """NOT_ENOUGH_EVIDENCE settled by rule when the evidence does not address the claim (none
    of its terms occur, or even the closest sentence is too far off); None: ask the model."""
    missing = uncovered_terms(claim, evidence)
    if missing:
        return uncovered_verdict(missing)
    distant = too_distant(evidence, embedder)
    return distant_verdict(distant) if distant is not None else None


def uncovered_verdict(missing: list[str]) -> Verdict:
    shown = missing[:5]
    if len(missing) > 5:
        named = ", ".join(shown) + " or any of the other terms of the claim"
    elif len(shown) > 1:
        named = ", ".join(shown[:-1]) + " or " + shown[-1]
    else:
        named = shown[0]
    return Verdict(
        label=Label.NOT_ENOUGH_EVIDENCE,
        confidence=UNCOVERED_CONFIDENCE,
        rationale=f"None of the retrieved source sentences mentions {named}.",
    )


def distant_verdict(best: float) -> Verdict:
    return Verdict(
        label=Label.NOT_ENOUGH_EVIDENCE,
        confidence=UNCOVERED_CONFIDENCE,
        rationale=(
            f"The closest source sentence is too far from the claim (similarity {best:.2f}): "
            "the corpus does not seem to address it."
        ),
    )


def flag_unrelated_citations(verdict: Verdict, evidence: Sequence[EvidenceSentence]) -> Verdict:
    """A cited sentence as far from the claim as an uncovered corpus's best one is off the
    point (the same floor as too_distant): the verdict goes to a reviewer."""
    floor = min(MIN_TOP_SIMILARITY.values())
    by_span = {(s.passage_id, s.start): s for s in evidence}
    far = [
        by_span[(c.passage_id, c.start)]
        for c in verdict.citations
        if (c.passage_id, c.start) in by_span and by_span[(c.passage_id, c.start)].score < floor
    ]
    if not far:
        return verdict
    reasons = tuple(
        f"cited sentence S{s.number} seems unrelated to the claim (similarity {s.score:.2f})"
        for s in far
    )
    return verdict.model_copy(
        update={"needs_review": True, "review_reasons": (*verdict.review_reasons, *reasons)}
    )

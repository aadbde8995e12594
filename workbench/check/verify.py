"""Claim + evidence sentences -> Verdict.

Two small steps, as measured on the embedded model (../shared/DESIGN.md): the label is
one letter scored by the log-probability of the first token (A true, B false, C not
said), which is faster and more accurate than asking a small model for JSON; then, for a
decided label only, a JSON reply names the sentence numbers that show it and a reason.
Citations are built from those numbers, so a quote is always a real source sentence, and
each is checked against the stored document before it is kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

from langchain_core.messages import AIMessage

from workbench.check.citations import citation_for, quoted_fragments, unsupported_quotes
from workbench.check.injection import planted_sentences
from workbench.check.replies import MalformedReply, call_with_retries, parse_json_object
from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatReply
from workbench.llm.prompts import load_prompt
from workbench.records import (
    Citation,
    CitationAudit,
    EvidenceSentence,
    Label,
    LLMUsage,
    Verdict,
)

LETTER_LABELS = {"A": Label.SUPPORTED, "B": Label.REFUTED, "C": Label.NOT_ENOUGH_EVIDENCE}
LABEL_WORDS = {
    Label.SUPPORTED: "true: the sources support it",
    Label.REFUTED: "false: the sources contradict it",
    Label.CONFLICTING: "disputed: some sources support it, others contradict it",
}
# The letter the explanation turn shows as the model's answer (CONFLICTING: its top letter).
LABEL_LETTERS = {Label.SUPPORTED: "A", Label.REFUTED: "B", Label.CONFLICTING: "A"}
# Both "true" and "false" this likely: the sources disagree (or the model cannot tell).
CONFLICT_THRESHOLD = 0.35
MAX_CITED = 3
MAX_TITLE_CHARS = 80
EXPLAIN_SCHEMA = {
    "type": "object",
    "properties": {
        "sentences": {"type": "array", "items": {"type": "integer"}, "maxItems": MAX_CITED},
        "reason": {"type": "string", "maxLength": 300},
    },
    "required": ["sentences", "reason"],
    "additionalProperties": False,
}
# Below this the card says "check this yourself": fixed at "no likelier than not", never fitted
# (what share of verdicts clears it, and how many of those are right: BENCHMARKS.md).
CHECK_YOURSELF_BELOW = 0.5
NO_EVIDENCE_RATIONALE = "No passage in the corpus bears on this claim."
NOT_SETTLED_RATIONALE = "The retrieved source sentences do not settle this claim."

CitationCheck = Callable[[Citation], str | None]


def format_sources(evidence: Sequence[EvidenceSentence]) -> str:
    """The data block of the verify prompt; fence markers inside sources are defused."""
    lines = []
    for sentence in evidence:
        text = " ".join(sentence.text.split()).replace("<", "‹").replace(">", "›")
        title = " ".join(sentence.title.split())[:MAX_TITLE_CHARS]
        if planted_sentences([title]):  # a title is document text too: it may carry a payload
            title = "title withheld"
        title = title.replace("<", "‹").replace(">", "›").replace("[", "(").replace("]", ")")
        lines.append(f"[S{sentence.number}] ({title}) {text}")
    return "\n".join(lines)


def letter_probabilities(first_token_logprobs: dict[str, float]) -> dict[str, float]:
    """P(A), P(B), P(C) renormalised over the three letters; tokens like ' A' count too."""
    mass = dict.fromkeys(LETTER_LABELS, 0.0)
    for token, logprob in first_token_logprobs.items():
        letter = token.strip().rstrip(".):").upper()
        if letter in mass:
            mass[letter] += math.exp(logprob)
    total = sum(mass.values())
    if total <= 0:
        raise MalformedReply("none of A, B, C among the first token's alternatives")
    return {letter: round(p / total, 4) for letter, p in mass.items()}


def label_from_probabilities(
    probs: dict[str, float], offsets: Mapping[str, float] | None = None
) -> tuple[Label, float]:
    """The label and its confidence. Offsets (per letter, added to the log-probability) undo
    the model's lean towards "true"; the confidence is the chosen letter's share after them."""
    if probs["A"] >= CONFLICT_THRESHOLD and probs["B"] >= CONFLICT_THRESHOLD:
        return Label.CONFLICTING, round(probs["A"] + probs["B"], 4)
    offsets = offsets or {}
    weights = {k: max(p, 1e-6) * math.exp(offsets.get(k, 0.0)) for k, p in probs.items()}
    letter = max(weights, key=lambda k: weights[k])
    return LETTER_LABELS[letter], round(weights[letter] / sum(weights.values()), 4)


def parse_label(reply: ChatReply) -> tuple[dict[str, float], bool]:
    """Letter probabilities, and whether they come from log-probabilities (a server
    without logprobs gives the bare letter, with no real confidence)."""
    if reply.first_token_logprobs:
        return letter_probabilities(reply.first_token_logprobs), True
    letter = reply.text.strip()[:1].upper()
    if letter not in LETTER_LABELS:
        raise MalformedReply(f"reply does not start with A, B or C: {reply.text[:40]!r}")
    return {key: (1.0 if key == letter else 0.0) for key in LETTER_LABELS}, False


def parse_explanation(count: int) -> Callable[[ChatReply], tuple[list[int], list[str], str]]:
    """Sentence numbers that exist (at most MAX_CITED), the proposals that name no sentence
    shown to the model (kept to be counted, never cited), and the reason."""

    def parse(reply: ChatReply) -> tuple[list[int], list[str], str]:
        value = parse_json_object(reply.text)
        numbers = value.get("sentences")
        reason = value.get("reason")
        if not isinstance(numbers, list) or not isinstance(reason, str):
            raise MalformedReply("reply lacks 'sentences' list or 'reason' string")
        proposed: list[object] = []
        for n in numbers:  # "2" is a format slip, not an invented sentence
            n = int(n) if isinstance(n, str) and n.strip().isdigit() else n
            if n not in proposed:
                proposed.append(n)
        valid = [
            n
            for n in proposed
            if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= count
        ]
        invented = [
            f"S{n} is not among the {count} sentences shown" for n in proposed if n not in valid
        ]
        return valid[:MAX_CITED], invented, " ".join(reason.split())

    return parse


def verify_claim(
    llm: CachedLLM,
    claim: str,
    evidence: Sequence[EvidenceSentence],
    check_citation: CitationCheck,
    usage: LLMUsage,
    offsets: Mapping[str, float] | None = None,
) -> tuple[Verdict, LLMUsage]:
    if not evidence:
        return Verdict(
            label=Label.NOT_ENOUGH_EVIDENCE, confidence=1.0, rationale=NO_EVIDENCE_RATIONALE
        ), usage
    sources = format_sources(evidence)
    messages = load_prompt("verify").render(claim=claim, sources=sources)
    scored, usage, failures = call_with_retries(
        llm, messages, parse_label, usage, max_tokens=1, top_logprobs=20
    )
    if scored is None:
        reasons = ("verdict: malformed reply after retries: " + "; ".join(failures),)
        return Verdict(
            label=Label.NOT_ENOUGH_EVIDENCE,
            confidence=0.0,
            rationale="The model gave no usable verdict.",
            needs_review=True,
            review_reasons=reasons,
        ), usage
    probs, from_logprobs = scored
    label, confidence = label_from_probabilities(probs, offsets)
    reasons: list[str] = (
        [] if from_logprobs else ["the server returned no log-probabilities: confidence unknown"]
    )
    if not from_logprobs:
        confidence = 0.5
    if label == Label.NOT_ENOUGH_EVIDENCE:
        return Verdict(
            label=label,
            confidence=confidence,
            rationale=NOT_SETTLED_RATIONALE,
            label_scores=probs,
            needs_review=bool(reasons),
            review_reasons=tuple(reasons),
        ), usage
    # A follow-up turn after the model's own letter: the server reuses the cached prompt
    # prefix (the sources), so the explanation costs little more than its own tokens.
    explain = [
        *messages,
        AIMessage(content=LABEL_LETTERS[label]),
        *load_prompt("explain").render(verdict=LABEL_WORDS[label]),
    ]
    explained, usage, failures = call_with_retries(
        llm,
        explain,
        parse_explanation(len(evidence)),
        usage,
        max_tokens=120,
        json_schema=EXPLAIN_SCHEMA,
    )
    numbers, invented, rationale = explained or ([], [], "")
    if explained is None:
        reasons.append("explanation: malformed reply after retries: " + "; ".join(failures))
    rejected = [f"citation dropped: {why}" for why in invented]
    citations: list[Citation] = []
    for number in numbers:
        citation = citation_for(evidence[number - 1])
        problem = check_citation(citation)
        if problem:
            rejected.append(f"citation S{number} dropped: {problem}")
        else:
            citations.append(citation)
    quoted = quoted_fragments(rationale)
    rejected += [
        f"rationale quotes text not in the sources: {quote[:60]!r}"
        for quote in unsupported_quotes(rationale, evidence)
    ]
    reasons += rejected
    if rationale_contradicts(label, rationale):
        reasons.append(f"the rationale argues against its own label ({label.value})")
    if confidence < CHECK_YOURSELF_BELOW:
        reasons.append(f"low confidence ({confidence:.2f}): check this yourself")
    if not citations:
        reasons.append("no valid source sentence cited for a decided verdict")
    audit = CitationAudit(
        proposed=len(numbers) + len(invented) + len(quoted), rejected=tuple(rejected)
    )
    return Verdict(
        label=label,
        confidence=confidence,
        rationale=rationale or "The model gave no reason.",
        citations=tuple(citations),
        label_scores=probs,
        needs_review=bool(reasons),
        review_reasons=tuple(reasons),
        citation_audit=audit,
    ), usage


# Words a rationale uses for the opposite of its label: such a verdict goes to a reviewer.
_AGAINST = {
    Label.SUPPORTED: re.compile(
        r"\b(contradict(?:s|ed)?|refute[sd]?|is false|is incorrect|is wrong|does not support|"
        r"do not support|not supported|no evidence)\b",
        re.IGNORECASE,
    ),
    Label.REFUTED: re.compile(
        r"\b(support(?:s|ed)? the claim|confirm(?:s|ed)?|is true|is correct|is accurate|"
        r"consistent with the claim|(?:does|do) not contradict|not contradicted)\b",
        re.IGNORECASE,
    ),
}


def rationale_contradicts(label: Label, rationale: str) -> bool:
    """Does the rationale argue for another label than its own?"""
    pattern = _AGAINST.get(label)
    return bool(pattern and pattern.search(rationale))

"""Article -> assertions: sentence spans, then kind, attribution and check-worthiness by rules.

Rules, not the model: the embedded model labels kind and attribution unreliably (see DESIGN.md,
"Measured facts"), so every label here comes from a cue list in ``workbench.check.cues`` and
can be tested sentence by sentence.

Attribution (who the assertion rests on), first match wins:
  1. ANONYMOUS: an anonymous-sourcing cue ("sources close to", "privileged insiders", "by some"),
     or an unnamed group followed by a reporting verb ("analysts warning"). It wins over a name
     ("sources close to Rutte said" rests on the sources). ``attributed_to`` = the cue phrases,
     verbatim, joined by "; ".
  2. NAMED: a speech verb or phrase next to a speaker: a capitalised name with any title
     ("NATO Secretary General Mark Rutte said"), a name before an appositive ("Admiral Dragone,
     a senior commander, hinted"), an office ("the former prime minister ... offered a
     perspective"), a pronoun ("he said"), "according to X", "X: “...”", or a possessive speech
     noun with a speech verb or a quotation ("Rutte's speech framed ..."). ``attributed_to`` = the
     name as written. In an article a pronoun, or a whole-sentence quotation with no speaker,
     takes the speaker of the sentence before it; an epigraph takes the "— Name" line after it.
  3. AUTHOR: opinions and predictions with no other source (the author's own judgement).
  4. NONE: factual statements given without a source.

Kind, first match wins:
  1. QUOTE: a named speaker, or the whole sentence inside quotation marks. Whether X said it is
     checkable even when what X said is a prediction or an opinion.
  2. PREDICTION: a future cue ("will", "is expected to", "forecast", "Expect ..." as an opener).
  3. STATISTIC: a number with a unit, percent, currency or counted noun (not a bare year).
  4. PREDICTION: a weak modal ("could", "may") when an unnamed source says it: the report of an
     unnamed source cannot be checked, only what it claims, and that is a possibility.
  5. OPINION: "should"/"must", first-person judgement, a question, or at least
     ``OPINION_MIN_EVALUATIVE`` distinct judgement words.
  6. FACTUAL: everything else.
"""

from __future__ import annotations

import math
import re

from workbench.check import cues
from workbench.check.sentences import split_sentences
from workbench.check.standalone import standalone
from workbench.records import Article, Assertion, AssertionKind, AttributionKind, assertion_id

MIN_ASSERTION_WORDS = 4  # shorter fragments are headings, bylines or labels
MIN_UNPUNCTUATED_WORDS = 8  # shorter lines without a final stop are headings or bylines
QUOTATION_MIN_WORDS = 3  # "‘invisible war’" is a scare quote, "‘coalition of the willing’" is not
SENTENCE_END = re.compile(r"[.!?…][’”\"')\]»]*$")
LIST_MARKER = re.compile(r"^(?:[•◦▪‣*·-]|\d{1,2}[.)])\s+")
BYLINE_DASH = re.compile(r"^[—–―-]\s*")
NAME_TOKEN = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Adm|Sen|Rep|Gov|St)\.|[A-Z][\w-]*)"
NAME = rf"{NAME_TOKEN}(?:[ \u00a0]+{NAME_TOKEN})*"


# --- cue matching -------------------------------------------------------------------------


def _alternation(phrases: tuple[str, ...]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)  # longest first: "lies not in" before "lies"
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(phrases)})(?![\w-])", re.IGNORECASE)


ANONYMOUS = _phrases(cues.ANONYMOUS_CUES)
SPEECH = re.compile(
    rf"(?<![\w-])(?:{_alternation(cues.SPEECH_VERBS)}|{'|'.join(cues.SPEECH_PHRASE_PATTERNS)})"
    r"(?![\w-])",
    re.IGNORECASE,
)
GROUP_SOURCE = re.compile(  # "Legal experts within the alliance have raised concerns"
    rf"(?:(?:[Ss]ome|[Mm]any|[Ss]everal|[A-Z][\w-]+)\s+){{0,{cues.GROUP_MAX_MODIFIERS}}}"
    rf"(?<![\w-])(?i:{_alternation(cues.ANONYMOUS_GROUP_NOUNS)})(?![\w-])"
    rf"(?=(?:,?\s+(?!(?i:he|she|they|we|i)\b)\S+){{0,{cues.GROUP_VERB_WINDOW_WORDS}}}?"
    rf",?\s+(?i:{SPEECH.pattern}))"
)
PHRASE_STOP = re.compile(
    rf"^(?:that|who|which|whose|is|are|was|were|have|has|had|will|would|could|may|might|"
    rf"{_alternation(cues.SPEECH_VERBS)})$",
    re.IGNORECASE,
)
ROLE_AT_END = re.compile(
    rf"(?:\b[Tt]he\s+)?(?:[\w-]+\s+){{0,2}}?(?i:{_alternation(cues.ROLE_NOUNS)})"
    rf"(?:\s+(?:of|to)\s+{NAME})?$"
)
NAME_AT_END = re.compile(rf"(?<![\w’'-]){NAME}$")
PRONOUN_AT_END = re.compile(rf"\b(?:{'|'.join(cues.PRONOUN_SPEAKERS)})$", re.IGNORECASE)
ADVERB_AT_END = re.compile(r"\s+(?:also|later|then|again|\w+ly)$", re.IGNORECASE)
POSSESSIVE_SPEECH = re.compile(
    rf"(?<![\w-])({NAME})[’']s\s+(?:\w+\s+)?(?i:{_alternation(cues.SPEECH_NOUNS)})\b"
)
SOURCE_THEN_NAME = re.compile(rf"\b(?i:{_alternation(cues.SOURCE_BEFORE_NAME)})\s+[‘“\"']?({NAME})")
SPEAKER_COLON = re.compile(rf"^({NAME}):\s*[{cues.OPENING_QUOTES}]")
QUOTATION = re.compile(r"“([^”]+)”|‘(.+?)’(?!\w)|\"([^\"]+)\"")
FUTURE = _phrases(cues.FUTURE_CUES)
FORECAST_OPENER = re.compile(rf"^(?:{_alternation(cues.FORECAST_OPENERS)})\b", re.IGNORECASE)
MODAL = re.compile(rf"(?<![\w-])(?:{_alternation(cues.MODAL_CUES)})(?![\w-])")
OBLIGATION = _phrases(cues.OBLIGATION_CUES)
FIRST_PERSON = _phrases(cues.FIRST_PERSON_JUDGEMENT_CUES)
STRONG_EVALUATIVE = _phrases(cues.STRONG_EVALUATIVE_CUES)
CONTRAST = re.compile("|".join(cues.CONTRAST_PATTERNS), re.IGNORECASE)
WEAK_EVALUATIVE = _phrases(cues.WEAK_EVALUATIVE_WORDS)
PREPOSITION = re.compile(rf"^(?:{_alternation(cues.PHRASE_PREPOSITIONS)})$", re.IGNORECASE)
STATISTIC = re.compile("|".join(cues.STATISTIC_UNIT_PATTERNS), re.IGNORECASE)
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _clean_name(name: str) -> str | None:
    """Drop leading words that start no name ("The", "During"); None when nothing is left."""
    words = name.split()
    while words and words[0].lower() in cues.NOT_NAMES + cues.ANONYMOUS_GROUP_NOUNS:
        words.pop(0)
    return " ".join(words) or None


def _speaker_before(prefix: str) -> str | None:
    """The speaker that ends ``prefix``, the text just before a speech verb."""
    prefix = ADVERB_AT_END.sub("", prefix.rstrip()).rstrip(" ,")
    candidates = [prefix]
    if "," in prefix:  # "Admiral Dragone, a senior naval commander, hinted"
        candidates.append(prefix.rsplit(",", 1)[0].rstrip())
    for candidate in candidates:
        if role := ROLE_AT_END.search(candidate):
            return role.group(0)
        if (name := NAME_AT_END.search(candidate)) and (cleaned := _clean_name(name.group(0))):
            return cleaned
        if pronoun := PRONOUN_AT_END.search(candidate):
            return pronoun.group(0)
    return None


def _quotations(sentence: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in QUOTATION.finditer(sentence)]


def is_whole_quotation(sentence: str) -> bool:
    text = sentence.strip()
    return (
        len(text) > 2
        and text[0] in cues.OPENING_QUOTES
        and text.rstrip(".!?,…")[-1] in cues.CLOSING_QUOTES
    )


def _without_quotations(sentence: str) -> str:
    """Quoted words blanked out (same length): sourcing inside a quotation is the speaker's."""
    return QUOTATION.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], sentence
    )


def _extend_phrase(sentence: str, start: int, end: int) -> int:
    """Extend a cue over the phrase naming the source: "sources close to" + "the alliance"."""
    cue = sentence[start:end].split()
    words = list(re.finditer(r"[ \u00a0]+([\w’'-]+)", sentence[end:]))
    extend = PREPOSITION.match(cue[-1]) or cue[-1].lower() in cues.ANONYMOUS_ADJECTIVES
    if not extend and not (words and words[0].start() == 0 and PREPOSITION.match(words[0][1])):
        return end
    offset = end
    for word in words:
        if end + word.start() != offset or PHRASE_STOP.match(word.group(1)):
            break
        if len(sentence[start : end + word.end()].split()) > cues.ANONYMOUS_PHRASE_MAX_WORDS:
            break
        offset = end + word.end()
    return offset


def anonymous_cues(sentence: str) -> str | None:
    """The anonymous-sourcing phrases of the sentence, verbatim, or None."""
    masked = _without_quotations(sentence)
    spans = [(m.start(), m.end()) for m in ANONYMOUS.finditer(masked)]
    spans += [m.span() for m in GROUP_SOURCE.finditer(masked)]
    spans = [(start, _extend_phrase(masked, start, end)) for start, end in spans]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 2 and not masked[merged[-1][1] : start].strip(" ,"):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    phrases = dict.fromkeys(sentence[s:e].strip(" ,") for s, e in merged)
    return "; ".join(phrases) or None


def named_speaker(sentence: str) -> str | None:
    """Who the sentence reports as speaking or writing, as written, or None."""
    if colon := SPEAKER_COLON.match(sentence):
        return _clean_name(colon.group(1))
    for verb in SPEECH.finditer(sentence):
        if speaker := _speaker_before(sentence[: verb.start()]):
            return speaker
        if possessive := POSSESSIVE_SPEECH.search(sentence[: verb.start()]):
            return _clean_name(possessive.group(1))
    if (possessive := POSSESSIVE_SPEECH.search(sentence)) and any(
        len(q.split()) >= QUOTATION_MIN_WORDS for q in _quotations(sentence)
    ):
        return _clean_name(possessive.group(1))
    if source := SOURCE_THEN_NAME.search(sentence):
        return _clean_name(source.group(1))
    return None


def _is_statistic(sentence: str) -> bool:
    for match in STATISTIC.finditer(sentence):
        number = re.match(r"\D*([\d,.]+)", match.group(0))
        if not (number and YEAR.match(number.group(1).strip(",."))):
            return True
    return False


def _is_opinion(sentence: str) -> bool:
    if OBLIGATION.search(sentence) or FIRST_PERSON.search(sentence):
        return True
    if sentence.rstrip(cues.CLOSING_QUOTES + " ").endswith("?"):
        return True
    if STRONG_EVALUATIVE.search(sentence) or CONTRAST.search(sentence):
        return True
    distinct = {m.group(0).lower() for m in WEAK_EVALUATIVE.finditer(sentence)}
    return len(distinct) >= cues.OPINION_MIN_EVALUATIVE


def _predicts(sentence: str) -> bool:
    for match in FUTURE.finditer(sentence):
        before = sentence[: match.start()].split()
        noun_will = (
            match.group(0).lower() == "will"
            and before
            and (before[-1].lower().strip(",") in cues.WILL_AS_NOUN_AFTER)
        )
        if not noun_will:
            return True
    return bool(FORECAST_OPENER.match(sentence))


def classify(sentence: str) -> tuple[AssertionKind, AttributionKind, str | None]:
    """Kind, attribution and who (or which cue words) the sentence rests on."""
    anonymous = anonymous_cues(sentence)
    speaker = None if anonymous else named_speaker(sentence)
    if speaker or is_whole_quotation(sentence):
        kind = AssertionKind.QUOTE
    elif _predicts(sentence):
        kind = AssertionKind.PREDICTION
    elif _is_statistic(sentence):
        kind = AssertionKind.STATISTIC
    elif anonymous and MODAL.search(sentence):
        kind = AssertionKind.PREDICTION
    elif _is_opinion(sentence):
        kind = AssertionKind.OPINION
    else:
        kind = AssertionKind.FACTUAL
    if anonymous:
        return kind, AttributionKind.ANONYMOUS, anonymous
    if speaker:
        return kind, AttributionKind.NAMED, speaker
    if kind in (AssertionKind.OPINION, AssertionKind.PREDICTION) or FIRST_PERSON.search(sentence):
        return kind, AttributionKind.AUTHOR, None
    return kind, AttributionKind.NONE, None


# --- check-worthiness -----------------------------------------------------------------------

# A logistic score over a handful of features. The weights were set by hand; then, after a
# small sweep on the CLEF CheckThat! 2019 *dev* documents (benchmarks/checkworthiness.py), the
# entity weight went 0.3 -> 0.15 and the prediction weight -0.8 -> -0.3 (dev MAP 0.181 -> 0.190).
# Nothing was fitted: the differences between nearby settings are about 0.01 MAP.
WEIGHT_BIAS = -2.0
WEIGHT_NUMBER = 0.8  # any digit or number word
WEIGHT_STATISTIC = 0.8  # a number with a unit, on top of WEIGHT_NUMBER
WEIGHT_DATE = 0.3  # a month, weekday or year
WEIGHT_PER_ENTITY = 0.15  # each capitalised word not opening the sentence ...
MAX_ENTITIES_COUNTED = 4  # ... up to this many
WEIGHT_SHORT = -1.5  # fewer than SHORT_WORDS words: greetings, interjections, fragments
SHORT_WORDS = 6
WEIGHT_PER_LOG_WORD = 0.5  # longer sentences carry more claims
KIND_WEIGHTS = {
    AssertionKind.FACTUAL: 0.5,
    AssertionKind.STATISTIC: 0.5,
    AssertionKind.QUOTE: 0.3,
    AssertionKind.PREDICTION: -0.3,
    AssertionKind.OPINION: -1.0,
}
DATE = re.compile(
    r"\b(?:(?:Jan|Febr)uary|March|April|May|June|July|August|(?:Sept|Nov|Dec)ember|October|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:1[89]|20)\d\d)\b"
)
NUMBER = re.compile(rf"\d|(?<![\w-])(?i:{_alternation(cues.NUMBER_WORDS)})(?![\w-])")
WORD = re.compile(r"[\w’'-]+")


def checkworthiness(sentence: str, kind: AssertionKind) -> float:
    """How much the sentence deserves a fact-checker's time, in [0, 1]."""
    words = WORD.findall(sentence)
    entities = [w for w in words[1:] if w[0].isupper() and w not in ("I", "I'm", "I’m")]
    score = WEIGHT_BIAS + KIND_WEIGHTS[kind]
    score += WEIGHT_NUMBER * bool(NUMBER.search(sentence))
    score += WEIGHT_STATISTIC * (kind == AssertionKind.STATISTIC or _is_statistic(sentence))
    score += WEIGHT_DATE * bool(DATE.search(sentence))
    score += WEIGHT_PER_ENTITY * min(len(entities), MAX_ENTITIES_COUNTED)
    score += WEIGHT_SHORT * (len(words) < SHORT_WORDS)
    score += WEIGHT_PER_LOG_WORD * math.log1p(len(words))
    return round(1.0 / (1.0 + math.exp(-score)), 4)


# --- the article ----------------------------------------------------------------------------


def _states_something(sentence: str) -> bool:
    words = len(sentence.split())
    if words < MIN_ASSERTION_WORDS or sentence.rstrip().endswith(":"):
        return False
    return bool(SENTENCE_END.search(sentence)) or words >= MIN_UNPUNCTUATED_WORDS


def _byline_after(text: str, spans: list[tuple[int, int]], index: int) -> str | None:
    """The name on a "— Name, Work" line right after an epigraph."""
    if index + 1 >= len(spans):
        return None
    line = text[spans[index + 1][0] : spans[index + 1][1]]
    if not BYLINE_DASH.match(line):
        return None
    name = re.match(NAME, BYLINE_DASH.sub("", line))
    return _clean_name(name.group(0)) if name else None


def extract_assertions(article: Article) -> list[Assertion]:
    """One assertion per sentence that states something, with its exact span in the article."""
    text = article.text
    spans = split_sentences(text)
    assertions: list[Assertion] = []
    for index, (span_start, end) in enumerate(spans):
        marker = LIST_MARKER.match(text[span_start:end])
        start = span_start + (marker.end() if marker else 0)
        sentence = text[start:end]
        if not _states_something(sentence):
            continue
        kind, attribution, who = classify(sentence)
        previous = assertions[-1] if assertions else None
        speaker_before = (
            previous.attributed_to
            if previous and previous.attribution == AttributionKind.NAMED
            else None
        )
        if kind == AssertionKind.QUOTE and attribution == AttributionKind.NONE:
            # a quotation with no speaker continues the one before, or an epigraph's byline
            who = speaker_before or _byline_after(text, spans, index)
            attribution = AttributionKind.NAMED if who else AttributionKind.NONE
        elif attribution == AttributionKind.NAMED and who and who.lower() in cues.PRONOUN_SPEAKERS:
            who = speaker_before or who
        assertions.append(
            Assertion(
                assertion_id=assertion_id(article.article_id, start, end),
                article_id=article.article_id,
                start=start,
                end=end,
                text=sentence,
                kind=kind,
                attribution=attribution,
                attributed_to=who,
                checkworthy=checkworthiness(sentence, kind),
                standalone=standalone(
                    sentence,
                    [text[s:e] for s, e in spans[max(0, index - 5) : index]],
                    article.title,
                ),
            )
        )
    return assertions

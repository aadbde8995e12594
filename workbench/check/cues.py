"""Cue lists for labelling assertions: plain data, read by ``workbench.check.assertions``.

Each list is a tuple of lower-case phrases (matched case-insensitively on word boundaries) or
of regular-expression fragments where the name says ``_PATTERNS``. Keep them general: a cue
belongs here when it marks sourcing, speech, tense or judgement in news prose at large, not
because one sample article happens to use it.
"""

from __future__ import annotations

# --- anonymous sourcing ---------------------------------------------------------------------

# Enough on their own: the sentence rests on someone the reader cannot identify.
ANONYMOUS_CUES: tuple[str, ...] = (
    "sources close to",
    "sources with",
    "sources familiar with",
    "sources inside",
    "sources within",
    "according to sources",
    "a source",
    "one source",
    "sources say",
    "sources said",
    "sources suggest",
    "sources indicate",
    "sources claim",
    "people familiar with",
    "person familiar with",
    "those familiar with",
    "people close to",
    "privileged",
    "insiders",
    "insider",
    "on condition of anonymity",
    "speaking anonymously",
    "asked not to be named",
    "declined to be named",
    "not authorized to speak",
    "not authorised to speak",
    "officials who",
    "an official who",
    "it is said",
    "it is believed",
    "it is understood",
    "is said to",
    "are said to",
    "is believed to",
    "are believed to",
    "reportedly",
    "allegedly",
    "rumoured",
    "rumored",
    "rumours",
    "rumors",
    "speculation that",  # not "speculation" alone: "triggered a firestorm of speculation"
    "unnamed",
    "unidentified",
    "anonymous",
    "by some",
    "some say",
    "some believe",
    "some within",
    "some analysts",
    "some experts",
    "some observers",
    "some officials",
    "some strategists",
    "some critics",
    "observers say",
    "observers note",
    "reports suggest",
    "reports suggesting",
    "reports indicate",
    "those who claim",
)

# Unnamed groups that become an anonymous source only when a reporting verb follows them
# ("analysts warning that", "NATO officials, who dismissed"), not when merely mentioned.
ANONYMOUS_GROUP_NOUNS: tuple[str, ...] = (
    "analysts",
    "experts",
    "observers",
    "critics",
    "officials",
    "diplomats",
    "strategists",
    "commentators",
    "insiders",
    "sources",
    "people",
)
GROUP_MAX_MODIFIERS = 2  # "some NATO strategists argue"
GROUP_VERB_WINDOW_WORDS = 5  # words allowed between the group noun and its reporting verb
# A cue is extended over the phrase that names the source ("sources close to" + "the alliance")
# when it ends in one of these prepositions, is one of the adjectives, or one of the prepositions
# follows it ("insiders" + "with ties to ..."); the extension stops at a verb, "that" or "who".
ANONYMOUS_PHRASE_MAX_WORDS = 10
PHRASE_PREPOSITIONS: tuple[str, ...] = (
    "to", "with", "within", "inside", "in", "at", "of", "from", "close", "familiar", "near",
)  # fmt: skip
ANONYMOUS_ADJECTIVES: tuple[str, ...] = ("privileged", "unnamed", "unidentified", "anonymous")

# --- named sources: speech and attribution --------------------------------------------------

# Verbs (any inflection listed) that report speech or writing.
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "saying",
    "stated", "stating",
    "told", "tells",
    "warned", "warns", "warn", "warning",
    "claimed", "claims", "claiming",
    "announced", "announces",
    "added", "adds",
    "argued", "argues", "argue", "arguing",
    "contended", "contends", "contend",
    "declared", "declares",
    "noted",
    "insisted", "insists", "insist",
    "emphasized", "emphasised", "emphasizes", "emphasises",
    "stressed", "stresses",
    "asserted", "asserts", "asserting",
    "explained", "explains",
    "wrote", "writes",
    "tweeted", "posted",
    "acknowledged", "admitted", "denied", "denies",
    "confirmed", "confirms",
    "suggested", "suggests", "suggest",
    "hinted",
    "remarked", "replied", "responded",
    "urged", "urges",
    "described", "describes",
    "characterized", "characterised", "characterizes",
    "called", "calls",
    "predicted", "predicts",
    "dismissed", "dismisses",
    "framed", "frames",
)  # fmt: skip
# Multi-word speech events: "delivered a speech", "made a bold claim", "in a statement".
SPEECH_PHRASE_PATTERNS: tuple[str, ...] = (
    r"delivered (?:a|an|his|her|their) (?:\w+ )?(?:speech|address|statement|remarks)",
    r"made (?:a|an) (?:\w+ )?(?:claim|statement|remark|announcement|pledge|promise)",
    r"offered (?:a|an) (?:\w+ )?(?:perspective|view|assessment|warning)",
    r"painted (?:a|an) (?:\w+ )?picture",
    r"raised concerns?",
    r"in a statement",
    r"in an interview",
    r"at a press conference",
)
# "According to X", "as reported by X": the name follows.
SOURCE_BEFORE_NAME: tuple[str, ...] = ("according to", "as reported by", "reported by", "quoted by")
# Possessive speech nouns: "Rutte's remarks painted ...".
SPEECH_NOUNS: tuple[str, ...] = (
    "remarks", "remark", "speech", "statement", "statements", "address", "comments",
    "words", "warning", "claim", "claims", "announcement", "testimony", "interview",
    "acknowledgment", "acknowledgement", "assertion", "insistence", "tweet", "letter",
)  # fmt: skip
# Offices that identify a person when they head a phrase: "the former Polish prime minister".
ROLE_NOUNS: tuple[str, ...] = (
    "prime minister", "president", "ambassador", "minister", "secretary general",
    "secretary", "admiral", "general", "chancellor", "spokesperson", "spokesman",
    "spokeswoman", "commander", "senator", "governor", "mayor", "chief",
)  # fmt: skip
PRONOUN_SPEAKERS: tuple[str, ...] = ("he", "she")  # "they said" is mostly a group
# Capitalised words that start no person's name: calendar words and sentence openers.
NOT_NAMES: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "yet", "but", "and", "or", "so", "however", "meanwhile", "during", "in", "on", "at",
    "as", "for", "with", "behind", "after", "before", "while", "when", "if", "it", "i", "we",
    "many", "some", "most", "few", "several", "others", "all", "both", "each", "everyone",
    "someone", "nobody", "they", "you", "there", "what", "who",
)  # fmt: skip

# --- kind: prediction, opinion, statistic ---------------------------------------------------

# Enough on their own to make the sentence a prediction.
FUTURE_CUES: tuple[str, ...] = (
    "will", "won't", "shall", "is expected to", "are expected to", "is likely to",
    "are likely to", "likely to", "is set to", "are set to", "is poised to", "are poised to",
    "is going to", "are going to", "forecast", "forecasts", "in the coming", "next year",
    "next month", "next week", "upcoming",
)  # fmt: skip
# "political will", "the will of the people": "will" as a noun after these words.
WILL_AS_NOUN_AFTER: tuple[str, ...] = (
    "political", "popular", "public", "free", "good", "ill", "collective", "national",
    "strong", "the", "a", "his", "her", "its", "their", "our", "your", "my",
)  # fmt: skip
# Imperative forecasts at the start of a sentence: "Expect muted reaction ...".
FORECAST_OPENERS: tuple[str, ...] = ("expect", "look for", "watch for")
# Weak modals: a prediction only when an unnamed source is the one saying it. Matched in lower
# case only, so the month "May" is not one.
MODAL_CUES: tuple[str, ...] = ("could", "may", "might", "would")

# Enough on their own to make the sentence an opinion.
OBLIGATION_CUES: tuple[str, ...] = (
    "should", "shouldn't", "must", "mustn't", "ought to", "need to", "needs to",
)  # fmt: skip
FIRST_PERSON_JUDGEMENT_CUES: tuple[str, ...] = (
    "i think", "i believe", "i feel", "we believe", "we think", "in my view",
    "in my opinion", "in our view", "to my mind", "it seems to me", "i would argue",
)  # fmt: skip
# Judgement in the author's voice: one is enough.
STRONG_EVALUATIVE_CUES: tuple[str, ...] = (
    "arguably", "emblematic", "theater", "theatre", "irony", "ironic", "reckoning",
    "dangerous", "ominous", "grim", "backhanded", "disgrace", "shameful", "absurd",
    "ridiculous", "outrageous", "reckless", "misguided", "bated breath",
    "reflects", "reflect", "underscores", "underscored", "underscore", "masks", "illustrates",
    "epitomizes", "points to", "point to", "hints at", "lies in", "lies not in",
    "holds weight", "carry weight", "carries weight", "is a form of", "it's a form of",
    "it’s a form of",
)  # fmt: skip
# Rhetorical contrast: "is not X; it is Y", "not merely X, but Y".
CONTRAST_PATTERNS: tuple[str, ...] = (
    r"\bnot\s+(?:merely|just|only|simply)\b[^.;?!]*\bbut\b",
    r"\bis\s+not\b[^.?!]*[;:—]\s*it\s+is\b",
    r"\blies\s+not\s+in\b",
)
# Judgement words common in plain reporting too: two distinct ones make an opinion.
WEAK_EVALUATIVE_WORDS: tuple[str, ...] = (
    "ostensibly", "seemingly", "clearly", "obviously", "undoubtedly", "surely", "merely",
    "mere", "not just", "only", "increasingly", "deeply", "real", "true",
    "stark", "profound", "bold", "controversial", "critical", "crucial", "existential",
    "rhetoric", "rhetorical", "narrative", "volatile", "fragile", "calculated", "measured",
    "pointed", "high-stakes", "drama", "dramatic", "symbolic", "uncertain", "uncertainty",
    "ambiguity", "shrouded", "labyrinth", "chessboard", "chess game", "teeters", "blur",
    "blurred", "tense", "unprecedented", "alarming", "disastrous", "catastrophic",
    "remarkable", "shocking", "naive", "flawed", "posturing", "strong", "weight",
    "highlights", "signals",
)  # fmt: skip
OPINION_MIN_EVALUATIVE = 2

# Units that make a number a statistic (a bare number or year does not).
STATISTIC_UNIT_PATTERNS: tuple[str, ...] = (
    r"\d[\d,.]*\s?(?:%|percent\b|per cent\b|percentage points?\b)",
    r"[$€£¥]\s?\d",
    r"\d[\d,.]*\s?(?:dollars|euros|pounds|yen|roubles|rubles|usd|eur|gbp)\b",
    r"\d[\d,.]*\s?(?:thousand|million|billion|trillion|bn|m)\b",
    r"\d[\d,.]*\s?(?:km|kilomet(?:re|er)s|miles|kg|tonnes|tons|barrels|hectares)\b",
    # a count of things directly after the number: "500 troops" (a year is excluded in code)
    r"\b\d[\d,.]*\s[a-z]{3,}s\b",
)
NUMBER_WORDS: tuple[str, ...] = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
    "billion", "billions", "half", "twice", "double", "triple",
)  # fmt: skip

# --- quotation marks ------------------------------------------------------------------------

OPENING_QUOTES = "‘“\"'«"
CLOSING_QUOTES = "’”\"'»"

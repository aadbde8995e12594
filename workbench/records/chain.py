"""Records of the check chain: articles, assertions, evidence, citations, verdicts, runs."""

from __future__ import annotations

from datetime import date as calendar_date
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from workbench.records.base import AssertionKind, AttributionKind, Label, Record
from workbench.records.ids import sha256_hex


def article_id(text: str) -> str:
    return "art-" + sha256_hex(text)[:20]


def assertion_id(article: str, start: int, end: int) -> str:
    return "as-" + sha256_hex(f"{article}:{start}:{end}")[:20]


class Article(Record):
    article_id: str
    title: str
    source: str
    text: str
    sha256: str
    added_at: datetime


class Assertion(Record):
    """One checkable unit of an article: ``article.text[start:end] == text``."""

    assertion_id: str
    article_id: str
    start: int = Field(ge=0)
    end: int
    text: str
    kind: AssertionKind
    attribution: AttributionKind
    attributed_to: str | None = None  # who, when named; the cue words when anonymous
    # How much it deserves a fact-checker's time: the learned ranker's score in a check
    # (workbench/check/checkworthiness.py); the rule score of assertions.py before that.
    checkworthy: float = Field(ge=0.0, le=1.0)
    # The sentence made to stand alone ("It was ..." -> "The Brooklyn Bridge was ..."), when
    # it opens with a pronoun (workbench/check/standalone.py); None: the text stands alone.
    standalone: str | None = None

    @property
    def claim(self) -> str:
        """What is checked: the standalone form when there is one, else the text itself."""
        return self.standalone or self.text

    @property
    def to_verify(self) -> bool:
        """Opinion and prediction are shown but not verified by default."""
        return self.kind not in (AssertionKind.OPINION, AssertionKind.PREDICTION)


class EvidenceSentence(Record):
    """A sentence of a retrieved passage, offered to the model as ``[S<n>]``."""

    number: int
    passage_id: str
    doc_id: str
    doc_sha256: str
    title: str
    source: str
    start: int  # character offsets in the document
    end: int
    text: str
    score: float


class Citation(Record):
    passage_id: str
    doc_id: str
    doc_sha256: str  # the document's hash at check time: a changed document makes it stale
    start: int
    end: int
    quote: str
    title: str = ""
    source: str = ""
    # The reviewer who cited a sentence retrieval missed; None for the machine's citations
    # and for retrieved sentences a reviewer picked (those were shown to the model too).
    added_by: str | None = None


class CitationAudit(Record):
    """What the model proposed to cite, before the checks in code. Rejected proposals never
    reach a verdict's citations; they are counted so that evaluation can report them."""

    proposed: int = 0  # sentence numbers named + quoted fragments in the rationale
    rejected: tuple[str, ...] = ()  # one reason per proposal that failed its check


class Verdict(Record):
    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str
    citations: tuple[Citation, ...] = ()
    label_scores: dict[str, float] = Field(default_factory=dict)  # A/B/C probabilities
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    citation_audit: CitationAudit = Field(default_factory=CitationAudit)


class LLMUsage(Record):
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def __add__(self, other: LLMUsage) -> LLMUsage:
        return LLMUsage(
            calls=self.calls + other.calls,
            cached_calls=self.cached_calls + other.cached_calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=round(self.seconds + other.seconds, 3),
        )


class FactCheckMatch(Record):
    """An earlier fact-check of the same claim, found in the archive before verification.
    Shown beside the verdict; it never changes the verdict."""

    factcheck_id: str
    claim: str
    label: Label | None
    rating: str
    publisher: str | None = None  # the fact-check's reviewer_or_publisher
    url: str | None = None
    date: calendar_date | None = None
    score: float = Field(ge=0.0, le=1.0)  # the re-ranker's "same claim" score
    origin: str  # where the fact-check came from, in words (FactCheck.origin.describe())


class AssertionResult(Record):
    """Everything the chain produced for one assertion."""

    assertion: Assertion
    questions: tuple[str, ...] = ()
    evidence: tuple[EvidenceSentence, ...] = ()
    verdict: Verdict | None = None  # None for assertions not sent for verification
    usage: LLMUsage = LLMUsage()
    # Why a checkable assertion has no verdict ("not among the 5 most check-worthy"); None
    # when it was verified, or is an opinion or prediction left out by default.
    not_verified_reason: str | None = None
    # Earlier fact-checks of the same claim (best first), looked up before verification.
    matches: tuple[FactCheckMatch, ...] = ()


def run_id(article: str, corpus: str, config: str) -> str:
    return "run-" + sha256_hex(f"{article}:{corpus}:{config}")[:20]


class Run(Record):
    """One check of one article against one corpus with one model and prompt set."""

    run_id: str
    article_id: str
    corpus: str
    corpus_state: str
    model: str
    prompt_versions: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None = None  # None: unfinished (stopped, cancelled or still going)
    usage_by_stage: dict[str, LLMUsage] = Field(default_factory=dict)
    seconds_by_stage: dict[str, float] = Field(default_factory=dict)
    # What was asked (part of the run id), kept so `check --resume RUN_ID` can go on with it.
    verify_all: bool = False
    top: int | None = None


class JobState(StrEnum):
    RUNNING = "running"
    CANCELLED = "cancelled"  # stopped between two assertions on request: the run is unfinished
    FAILED = "failed"  # stopped by an error (the error text says which): the run is unfinished
    FINISHED = "finished"


class CheckJob(Record):
    """A check running in the background of the app process, as seen at one moment."""

    job_id: str
    article_title: str
    corpus: str
    started_by: str  # the reviewer or account that started it ("" when nobody was named)
    started_at: datetime
    run_id: str | None = None  # known once the model is up and the run is opened
    state: JobState = JobState.RUNNING
    stage: str = "waiting"
    done: int = 0  # assertions stored (in checking order), of
    total: int | None = None
    current: str = ""  # the assertion being checked now
    seconds_left: float | None = None  # from the time per assertion seen so far in this job
    cancel_requested: bool = False
    error: str = ""

    @property
    def running(self) -> bool:
        return self.state == JobState.RUNNING

"""Typed records: the spine every module passes along.

Ids are derived from content, so re-ingesting the same text gives the same ids and a
citation can be re-verified later against the document it names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date as calendar_date
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

# --- named constants shared by prompts, parsers and tests -------------------------------


class Label(StrEnum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_EVIDENCE = "NOT_ENOUGH_EVIDENCE"
    CONFLICTING = "CONFLICTING"


class AssertionKind(StrEnum):
    FACTUAL = "factual"
    QUOTE = "quote"
    STATISTIC = "statistic"
    PREDICTION = "prediction"
    OPINION = "opinion"


class AttributionKind(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    AUTHOR = "author"
    NONE = "none"


CORPUS_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"


# --- ids ---------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """NFC, unix newlines, trailing spaces removed: the form every hash is taken of."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """A document is its text: identical texts share one id (stored once per corpus)."""
    return "doc-" + sha256_hex(text)[:20]


def passage_id(doc_id: str, start: int, end: int) -> str:
    return "p-" + sha256_hex(f"{doc_id}:{start}:{end}")[:20]


def validate_corpus_name(name: str) -> str:
    if not re.match(CORPUS_NAME_PATTERN, name):
        raise ValueError(
            f"invalid corpus name {name!r}: use 1-63 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


# --- records -----------------------------------------------------------------------------


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceText(Record):
    """What a reader returns: text plus whatever provenance the file itself carries."""

    text: str
    source: str  # path, URL, or "path#id" for a record inside a .jsonl corpus
    title: str
    external_id: str | None = None  # e.g. the doc_id field of a .jsonl corpus line
    author: str | None = None
    date: str | None = None
    url: str | None = None  # the web address the file names as its own (an HTML canonical link)


class Document(Record):
    doc_id: str
    corpus: str
    title: str
    source: str
    text: str
    sha256: str
    ingested_at: datetime
    external_id: str | None = None
    author: str | None = None
    date: str | None = None

    @classmethod
    def from_source(cls, corpus: str, src: SourceText, ingested_at: datetime) -> Document:
        text = normalise_text(src.text)
        return cls(
            doc_id=document_id(text),
            corpus=corpus,
            title=src.title,
            source=src.source,
            text=text,
            sha256=sha256_hex(text),
            ingested_at=ingested_at,
            external_id=src.external_id,
            author=src.author,
            date=src.date,
        )


class Passage(Record):
    """A slice of a document: ``text == document.text[start:end]`` always."""

    passage_id: str
    doc_id: str
    start: int = Field(ge=0)
    end: int
    text: str

    @model_validator(mode="after")
    def _span_matches_text(self) -> Passage:
        if self.end - self.start != len(self.text):
            raise ValueError("passage span length differs from its text length")
        return self


class SearchHit(Record):
    passage_id: str
    doc_id: str
    doc_sha256: str
    title: str
    source: str
    text: str
    start: int
    end: int
    score: float


class FailedFile(Record):
    source: str
    reason: str


class IngestReport(Record):
    corpus: str
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    passages: int = 0
    failed: tuple[FailedFile, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


class CorpusInfo(Record):
    name: str
    documents: int
    passages: int
    state: str  # fingerprint of the documents' hashes: what a verdict was checked against


# --- the check chain -----------------------------------------------------------------------


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


# --- review ----------------------------------------------------------------------------------


class ReviewAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    NOTE = "note"
    RECHECK = "recheck"  # the machine re-ran a stale verdict: back to pending, new verdict
    SIGN_OFF = "sign_off"  # a second person (an editor) approves the decision: published
    SEND_BACK = "send_back"  # an editor refuses to sign off, with a reason: back to pending
    # Blind double review: one of the run's two reviewers decides on their own. The vote
    # changes nothing until both have voted; then agreement settles the verdict (an
    # accept, reject or edit carrying both votes), or an editor resolves the disagreement.
    BLIND_VOTE = "blind_vote"


# The actions that decide a verdict (change its status or fields); notes, sign-offs and
# send-backs do not, so "who decided it" never names the editor who signed it off.
DECIDING_ACTIONS = frozenset(
    {ReviewAction.ACCEPT, ReviewAction.REJECT, ReviewAction.EDIT, ReviewAction.RECHECK}
)


class ReviewStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"


class VerdictFields(Record):
    """The reviewable part of a verdict: what an edit changes, and what before/after show."""

    label: Label | None
    rationale: str
    citations: tuple[Citation, ...] = ()
    questions: tuple[str, ...] = ()


class BlindVote(Record):
    """One blind reviewer's decision as it counts for agreement: what they would have done
    (accepted, rejected, edited) and the label that leaves ("REJECTED" for a rejection,
    which says the machine's label is wrong without naming the right one)."""

    reviewer: str
    at: datetime
    version: int  # of its BLIND_VOTE event
    decision: ReviewStatus
    label: str


class ReviewEvent(Record):
    """One reviewer action, appended and never changed; the current state is derived."""

    run_id: str
    assertion_id: str
    version: int = Field(ge=1)  # 1 for the first event on this verdict, then 2, 3, ...
    reviewer: str = Field(min_length=1)
    at: datetime
    action: ReviewAction
    status_before: ReviewStatus
    status_after: ReviewStatus
    before: VerdictFields
    after: VerdictFields
    note: str | None = None
    # BLIND_VOTE: what the reviewer decided (`after` holds the verdict as they would leave
    # it). The accept, reject or edit that settles a blind round carries both votes.
    blind_decision: ReviewStatus | None = None
    blind_votes: tuple[BlindVote, ...] = ()


class BlindState(Record):
    """Blind double review of one verdict, as the viewer may see it."""

    reviewers: tuple[str, str]
    voted: tuple[str, ...] = ()  # who has voted in the open round (never what)
    votes: tuple[
        BlindVote, ...
    ] = ()  # the votes the viewer may see: their own, or all once both voted
    disagreement: bool = False  # both voted, on different labels: an editor decides


class ReviewState(Record):
    run_id: str
    assertion_id: str
    status: ReviewStatus
    current: VerdictFields
    version: int  # number of events so far: a save must say which version it saw
    last_reviewer: str | None = None
    last_at: datetime | None = None
    notes: tuple[ReviewEvent, ...] = ()
    history: tuple[ReviewEvent, ...] = ()
    # Why the documents the current verdict cites no longer stand as they did at check time
    # (replaced or removed): derived on read, empty while the verdict is current.
    stale: tuple[str, ...] = ()
    # Sign-off (team mode), derived like the rest: who accepted or edited the verdict as it
    # stands (none of them may sign it off), who signed it off, and whether it is published.
    # Any later accept, reject, edit or recheck drops the sign-off.
    deciders: tuple[str, ...] = ()
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    published: bool = False
    sent_back: ReviewEvent | None = None  # the editor's refusal, until someone decides again
    blind: BlindState | None = None  # the run is under blind double review


class BlindRun(Record):
    """A run under blind double review: its two reviewers, and the editor who set them."""

    run_id: str
    reviewers: tuple[str, str]
    set_by: str
    set_at: datetime


class Assignment(Record):
    """A run, or one assertion of it, given to a reviewer by an editor (team mode)."""

    run_id: str
    assertion_id: str | None = None  # None: the whole run
    assignee: str
    assigned_by: str
    assigned_at: datetime


# --- accounts --------------------------------------------------------------------------------


class Role(StrEnum):
    """What an account may do grows with its role (workbench.accounts.roles says what)."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


ACCOUNT_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"


class User(Record):
    """An account as every screen and command sees it: never its password hash."""

    name: str
    role: Role
    disabled: bool = False
    created_at: datetime
    last_sign_in_at: datetime | None = None


# --- the fact-check archive ----------------------------------------------------------------


def _hash_form(text: str) -> str:
    """Case and spacing do not make a different fact-check."""
    return " ".join(normalise_text(text).casefold().split())


def _url_form(url: str) -> str:
    """Scheme and host are case-insensitive; path, query and fragment are kept as written
    (our own ClaimReview export tells its reviews apart by the fragment)."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def imported_factcheck_id(url: str | None, claim: str, rating: str, publisher: str | None) -> str:
    """An imported fact-check is its URL; without one, its claim, rating and publisher."""
    if url and url.strip():
        return "fc-" + sha256_hex("url:" + _url_form(url))[:20]
    content = "\n".join(_hash_form(part or "") for part in (claim, rating, publisher))
    return "fc-" + sha256_hex("content:" + content)[:20]


def reviewed_factcheck_id(run_id: str, assertion_id: str) -> str:
    """A verdict reviewed here is its (run, assertion): the id stays when an edit changes the
    label, and the same claim accepted in two runs makes two fact-checks, not one."""
    return "fc-" + sha256_hex(f"workbench:{run_id}:{assertion_id}")[:20]


class ReviewedOrigin(Record):
    kind: Literal["workbench"] = "workbench"
    run_id: str
    assertion_id: str

    def describe(self) -> str:
        return f"reviewed in this workbench: run {self.run_id}, assertion {self.assertion_id}"


class ImportedOrigin(Record):
    kind: Literal["import"] = "import"
    file: str
    line: int = Field(ge=1)

    def describe(self) -> str:
        return f"imported from {self.file} line {self.line}"


FactCheckOrigin = Annotated[ReviewedOrigin | ImportedOrigin, Field(discriminator="kind")]


class FactCheck(Record):
    """One verdict on one claim: reviewed in this workbench or imported from a publisher.

    ``label`` is ours; ``rating`` is the text the publisher (or our rating scale) gave. An
    imported rating that does not map clearly to a label keeps its text and has no label.
    """

    id: str  # imported_factcheck_id or reviewed_factcheck_id
    claim: str = Field(min_length=1)  # as checked
    label: Label | None
    rating: str = Field(min_length=1)
    rationale: str | None = None
    reviewer_or_publisher: str | None = None
    date: calendar_date | None = None
    url: str | None = None
    language: str = "en"
    title: str | None = None  # the fact-check's headline, when an import has one
    claimant: str | None = None  # who made the claim, when known
    origin: FactCheckOrigin


class ImportProblem(Record):
    file: str
    line: int | None = None  # None: the whole file
    reason: str


class ImportReport(Record):
    files: int = 0
    added: int = 0
    updated: int = 0  # same key (URL or content), other details: the newer file wins
    unchanged: int = 0
    failed: tuple[ImportProblem, ...] = ()  # records (with a line) and whole files (without)
    warnings: tuple[ImportProblem, ...] = ()  # kept, but something was dropped (e.g. a date)

    @property
    def ok(self) -> bool:
        return not self.failed

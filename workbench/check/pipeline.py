"""The check service: article -> assertions -> questions -> evidence -> verdicts, stored.

Assertions are verified most check-worthy first (the learned ranker's score), so the work
that matters most is done first; ``top`` verifies only that many. Before an assertion is
verified, the fact-check archive is searched for earlier checks of the same claim (no LLM
call); they are stored beside the verdict and never change it. Each assertion's result is
committed as soon as it is done, at its article position; the run's id is derived from the
article, corpus state, model, prompt versions and selection, so rerunning the same check
resumes it (finished assertions are not redone) and the reply cache makes repeated calls free;
``resume(run_id)`` goes on with a stored run, and ``cancelled`` stops a check between two
assertions (background jobs: jobs.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.check.assertions import extract_assertions
from workbench.check.checkworthiness import default_ranker, most_worth_checking, rank
from workbench.check.citations import citation_problem
from workbench.check.coverage import MIN_TOP_SIMILARITY, flag_unrelated_citations, rule_verdict
from workbench.check.evidence import retrieve_passages, select_sentences
from workbench.check.questions import generate_questions
from workbench.check.verify import verify_claim
from workbench.corpus.manage import require_corpus
from workbench.corpus.readers import ReadResult, Upload, read_file, read_upload
from workbench.llm.embeddings import embeddings_id
from workbench.llm.prompts import load_prompt
from workbench.matching.matcher import ClaimMatcher
from workbench.records import (
    Article,
    Assertion,
    AssertionKind,
    AssertionResult,
    AttributionKind,
    Citation,
    FactCheckMatch,
    LLMUsage,
    Run,
    article_id,
    assertion_id,
    normalise_text,
    run_id,
    sha256_hex,
)
from workbench.services import Workbench
from workbench.store import catalog, checks

PROMPTS = ("check_questions", "verify", "explain")
# Bumped when the chain's logic changes (not only its prompts), so runs and evals made by an
# older chain are not taken for results of this one. 2: the coverage rule (coverage.py);
# 3: the similarity floor (coverage.py).
CHAIN_VERSION = 4
# Fitted on FM2 it lifts SciFact and the reverse (BENCHMARKS.md, label calibration).
EMBEDDED_OFFSETS = {"B": 0.5, "C": 0.0}
Progress = Callable[[int, int, str], None]  # (done, total, assertion text)
Cancelled = Callable[[], bool]  # asked between assertions: True stops the check


class CheckCancelled(Exception):
    """The check was stopped between two assertions; what it finished stays stored."""

    def __init__(self, run_id: str) -> None:
        super().__init__(f"check of run {run_id} cancelled: it is unfinished, resume it later")
        self.run_id = run_id


@dataclass(frozen=True)
class CheckOutcome:
    article: Article
    run: Run
    results: list[AssertionResult]


def _article_from_read(read: ReadResult, name: str) -> Article:
    """The article a file holds; its source is the web address it names as its own when it
    names one (what ClaimReview gives as the claim's appearance), else the file."""
    if read.failures or not read.sources:
        reason = read.failures[0].reason if read.failures else "no text"
        raise ValueError(f"cannot read article {name}: {reason}")
    source = read.sources[0]
    return article_from_text(source.text, source.title, source.url or source.source)


def article_from_file(path: Path, max_bytes: int) -> Article:
    return _article_from_read(read_file(path, max_bytes), str(path))


def article_from_upload(upload: Upload, max_bytes: int) -> Article:
    """An article sent through the UI: "upload:<file name>" as its source, never a temp path."""
    return _article_from_read(read_upload(upload, max_bytes), upload.name)


def article_from_text(text: str, title: str, source: str) -> Article:
    text = normalise_text(text)
    if not text:
        raise ValueError("the article is empty")
    return Article(
        article_id=article_id(text),
        title=title,
        source=source,
        text=text,
        sha256=sha256_hex(text),
        added_at=datetime.now(UTC),
    )


class Checker:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    def check(
        self,
        article: Article,
        corpus: str,
        progress: Progress | None = None,
        verify_all: bool = False,
        top: int | None = None,
        cancelled: Cancelled | None = None,
    ) -> CheckOutcome:
        """Check every assertion; with ``top``, verify only the ``top`` most check-worthy of
        those that would be verified (the others are stored unverified, with the reason)."""
        run = self.open_run(article, corpus, verify_all, top)
        return self.continue_run(article, run, progress, cancelled)

    def resume(
        self, run_id: str, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> CheckOutcome:
        """Go on with a stored run (its finished assertions are not redone). Refused when
        the corpus, model, prompts or chain changed since: that would be another run."""
        with self.wb.db.transaction() as session:
            run = checks.get_run(session, run_id)
            article = checks.get_article(session, run.article_id) if run else None
        if run is None or article is None:
            raise LookupError(f"no run {run_id!r} to resume")
        now = self.new_run(article, run.corpus, run.verify_all, run.top)
        if now.run_id != run.run_id:
            raise ValueError(f"run {run_id} cannot be resumed: {why_another_run(run, now)}")
        return self.continue_run(article, run, progress, cancelled)

    def new_run(self, article: Article, corpus: str, verify_all: bool, top: int | None) -> Run:
        """The run record this check would be (not stored): its id is derived from the
        article, the corpus state, the model, the prompts, the chain and the selection."""
        if top is not None and top < 1:
            raise ValueError(f"top must be at least 1, not {top}")
        require_corpus(self.wb, corpus)
        llm = self.wb.llm
        prompt_versions = tuple(load_prompt(name).ref for name in PROMPTS)
        with self.wb.db.transaction() as session:
            state = catalog.corpus_info(session, corpus).state
        # A top-N run is another run than the full one (and than a top-N by other weights).
        selection = "" if top is None else f":top{top}:{default_ranker().version}"
        config = (
            f"{state}:{llm.model_name}:{','.join(prompt_versions)}:{verify_all}{selection}"
            f":{chain_config(self.wb)}"
        )
        return Run(
            run_id=run_id(article.article_id, corpus, config),
            article_id=article.article_id,
            corpus=corpus,
            corpus_state=state,
            model=llm.model_name,
            prompt_versions=prompt_versions,
            started_at=datetime.now(UTC),
            verify_all=verify_all,
            top=top,
        )

    def open_run(
        self, article: Article, corpus: str, verify_all: bool = False, top: int | None = None
    ) -> Run:
        """The stored run of this check: found (to resume it) or started now."""
        new = self.new_run(article, corpus, verify_all, top)
        with self.wb.db.transaction() as session:
            checks.put_article(session, article)
            run = checks.get_run(session, new.run_id) or new
            checks.put_run(session, run)
        return run

    def continue_run(
        self,
        article: Article,
        run: Run,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> CheckOutcome:
        """Check the run's assertions not stored yet, most check-worthy first. ``cancelled``
        is asked before each one: True stops with CheckCancelled, the run left unfinished."""
        rid = run.run_id
        with self.wb.db.transaction() as session:
            done = checks.done_assertions(session, rid)
        started = time.perf_counter()
        assertions = extract_assertions(article)
        todo = [a for a in assertions if a.assertion_id not in done]
        if run.finished_at is not None and not todo:  # a finished run: show it, change nothing
            with self.wb.db.transaction() as session:
                return CheckOutcome(article, run, checks.results_of_run(session, rid))
        seconds = dict(run.seconds_by_stage)
        seconds["extract"] = seconds.get("extract", 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        assertions = rank(assertions, self.wb.embeddings)
        order, chosen = verification_order(assertions, run.verify_all, run.top)
        seconds["rank"] = round(seconds.get("rank", 0.0) + time.perf_counter() - started, 3)
        usage = dict(run.usage_by_stage)
        matcher = ClaimMatcher(self.wb)
        for count, position in enumerate(order):
            assertion = assertions[position]
            if progress:
                progress(count, len(assertions), assertion.text)
            if assertion.assertion_id in done:
                continue
            if cancelled is not None and cancelled():
                raise CheckCancelled(rid)
            checkable = assertion.to_verify or run.verify_all
            matches = self._matches(matcher, rid, assertion, seconds) if checkable else ()
            if position in chosen:
                result = self.check_claim(assertion, run.corpus, seconds, usage)
            elif checkable:
                reason = f"not among the {run.top} most check-worthy"
                result = AssertionResult(assertion=assertion, not_verified_reason=reason)
            else:
                result = AssertionResult(assertion=assertion)
            result = result.model_copy(update={"matches": matches})
            with self.wb.db.transaction() as session:
                checks.put_result(session, rid, position, result)
                run = run.model_copy(update={"usage_by_stage": usage, "seconds_by_stage": seconds})
                checks.put_run(session, run)
        if progress:
            progress(len(assertions), len(assertions), "")
        with self.wb.db.transaction() as session:
            if run.finished_at is None:
                run = run.model_copy(update={"finished_at": datetime.now(UTC)})
            run = run.model_copy(update={"usage_by_stage": usage, "seconds_by_stage": seconds})
            checks.put_run(session, run)
            results = checks.results_of_run(session, rid)
        return CheckOutcome(article=article, run=run, results=results)

    @staticmethod
    def _matches(
        matcher: ClaimMatcher, rid: str, assertion: Assertion, seconds: dict[str, float]
    ) -> tuple[FactCheckMatch, ...]:
        started = time.perf_counter()
        matches = matcher.match_assertion(rid, assertion)
        seconds["match"] = round(seconds.get("match", 0.0) + time.perf_counter() - started, 3)
        return matches

    def check_claim(
        self,
        assertion: Assertion,
        corpus: str,
        seconds: dict[str, float],
        usage: dict[str, LLMUsage],
    ) -> AssertionResult:
        """The chain for one claim: questions, evidence, verdict (also used by eval)."""
        llm = self.wb.llm

        def timed(stage: str, started: float) -> None:
            seconds[stage] = round(seconds.get(stage, 0.0) + time.perf_counter() - started, 3)

        claim = assertion.claim
        t = time.perf_counter()
        questions, asked, failures = generate_questions(llm, claim, LLMUsage())
        usage["questions"] = usage.get("questions", LLMUsage()) + asked
        timed("questions", t)

        t = time.perf_counter()
        hits = retrieve_passages(self.wb.searcher, corpus, (claim, *questions))
        selection = select_sentences(self.wb.embeddings, claim, hits)
        evidence = selection.evidence
        timed("retrieve", t)

        t = time.perf_counter()
        settled = rule_verdict(claim, evidence, embeddings_id(self.wb.embeddings))
        if settled is not None:  # the corpus does not talk about this claim: no model call
            verdict, verified = settled, LLMUsage()
        else:
            verdict, verified = verify_claim(
                llm,
                claim,
                evidence,
                lambda c: stored_citation_problem(self.wb, corpus, c),
                LLMUsage(),
                verdict_offsets(self.wb),
            )
            verdict = flag_unrelated_citations(verdict, evidence)
        usage["verify"] = usage.get("verify", LLMUsage()) + verified
        timed("verify", t)
        notes = []
        if failures and not questions:
            notes.append("questions: malformed reply after retries (searched with the claim alone)")
        for sentence, reason in selection.withheld[:3]:
            notes.append(f"source sentence withheld, it {reason}: {sentence[:80]!r}")
        if notes:
            verdict = verdict.model_copy(
                update={"needs_review": True, "review_reasons": (*verdict.review_reasons, *notes)}
            )
        return AssertionResult(
            assertion=assertion,
            questions=questions,
            evidence=evidence,
            verdict=verdict,
            usage=asked + verified,
        )


def verification_order(
    assertions: Sequence[Assertion], verify_all: bool, top: int | None
) -> tuple[list[int], set[int]]:
    """Positions in the order they are checked (most check-worthy first), and the positions
    to verify: those that would be verified at all, cut to the ``top`` most check-worthy."""
    order = most_worth_checking(assertions)
    verifiable = [i for i in order if assertions[i].to_verify or verify_all]
    return order, set(verifiable if top is None else verifiable[:top])


def standalone_assertion(text: str) -> Assertion:
    """A claim checked on its own (eval, benchmarks): the whole text is one factual assertion
    of a pseudo-article named after the text."""
    text = " ".join(text.split())
    article = "claim-" + sha256_hex(text)[:16]
    return Assertion(
        assertion_id=assertion_id(article, 0, len(text)),
        article_id=article,
        start=0,
        end=len(text),
        text=text,
        kind=AssertionKind.FACTUAL,
        attribution=AttributionKind.NONE,
        checkworthy=1.0,
    )


def verdict_offsets(wb: Workbench) -> dict[str, float]:
    """The configured offsets; unset, those fitted for the embedded model when it is in use."""
    if wb.settings.verdict_offsets is not None:
        return wb.settings.verdict_offsets
    return dict(EMBEDDED_OFFSETS) if wb.llm.llm.endpoint.kind == "embedded" else {}


def why_another_run(stored: Run, now: Run) -> str:
    """Why checking a stored run's article again would make another run than that one."""
    if now.corpus_state != stored.corpus_state:
        return f"corpus {stored.corpus!r} changed since (check the article again)"
    if now.model != stored.model:
        return f"it was made with model {stored.model}, the workbench now uses {now.model}"
    if now.prompt_versions != stored.prompt_versions:
        return "the prompts changed since (check the article again)"
    return "the check's chain or settings changed since (check the article again)"


def chain_config(wb: Workbench) -> str:
    """What besides prompts and model decides a verdict: part of run and eval keys."""
    offsets = ",".join(f"{k}{v:+g}" for k, v in sorted(verdict_offsets(wb).items()) if v)
    floor = MIN_TOP_SIMILARITY.get(embeddings_id(wb.embeddings))
    return (
        f"chain{CHAIN_VERSION}"
        + (f":offsets{offsets}" if offsets else "")
        + (f":floor{floor:g}" if floor is not None else "")
    )


def stored_citation_problem(wb: Workbench, corpus: str, citation: Citation) -> str | None:
    """Check a citation against the corpus as stored now (None: verbatim and current)."""
    with wb.db.transaction() as session:
        document = catalog.get_document(session, corpus, citation.doc_id)
        passage = catalog.get_passages(session, corpus, [citation.passage_id]).get(
            citation.passage_id
        )
    return citation_problem(citation, document, passage)

"""The chain against a real HTTP server that misbehaves: bounded retries, needs-review for
what cannot be settled, no fabricated citation stored, and no hang."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from hardening import fault_server
from hardening.fault_server import FaultServer

from workbench.check.checkworthiness import most_worth_checking
from workbench.check.pipeline import Checker, article_from_text
from workbench.llm.cache import MAX_FAILURES_IN_A_ROW, CachedLLM
from workbench.llm.client import ChatLLM, Endpoint, LLMUnavailable
from workbench.records import Label
from workbench.services import Workbench
from workbench.store import catalog

CORPUS = "fm2"
CLAIM = "The Brooklyn Bridge opened in 1883."
TIMEOUT_S = 1.0
# Only against a client that never gives up: a held hang then ends, and the test fails.
HANG_SAFETY_NET_S = 600.0


@pytest.fixture
def workbench(sample_workbench: Workbench) -> Workbench:
    sample_workbench.__dict__.pop("llm", None)
    yield sample_workbench
    sample_workbench.__dict__.pop("llm", None)


def _connect(wb: Workbench, server: FaultServer, name: str) -> None:
    # A fresh model name per test keeps the reply cache cold; 0 client retries keeps each
    # fault to one request so the script maps one-to-one onto calls.
    endpoint = Endpoint("server", server.base_url, "fault", "unused", f"fault:{name}")
    wb.llm = CachedLLM(ChatLLM(endpoint, timeout_s=TIMEOUT_S, max_retries=0), wb.db)


def _check(wb: Workbench, text: str = CLAIM):  # type: ignore[no-untyped-def]
    outcome = Checker(wb).check(article_from_text(text, "t", "s"), CORPUS)
    return outcome.results[0]


def _assert_no_fabricated_citation(wb: Workbench, result) -> None:  # type: ignore[no-untyped-def]
    with wb.db.transaction() as session:
        for citation in result.verdict.citations:
            document = catalog.get_document(session, CORPUS, citation.doc_id)
            assert document.text[citation.start : citation.end] == citation.quote


def test_a_well_behaved_server_gives_a_cited_verdict(workbench: Workbench, request) -> None:  # type: ignore[no-untyped-def]
    with FaultServer() as server:
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
    assert result.verdict.label == Label.SUPPORTED
    assert not result.verdict.needs_review
    assert len(result.verdict.citations) == 1
    assert server.served == ["ok", "ok", "ok"]  # questions, letter, explanation
    _assert_no_fabricated_citation(workbench, result)


@pytest.mark.parametrize(
    "fault", ["invalid_json", "empty", "http_429", "http_500", "close", "not_a_completion"]
)
def test_one_bad_reply_per_step_is_retried_and_the_verdict_still_comes(
    workbench: Workbench, request, fault: str
) -> None:  # type: ignore[no-untyped-def]
    # Each of the three steps fails once, then succeeds on its retry.
    with FaultServer([fault, "ok", fault, "ok", fault, "ok"]) as server:
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
    assert server.served == [fault, "ok"] * 3
    assert result.verdict.label == Label.SUPPORTED
    assert not result.verdict.needs_review
    assert result.questions == ("What does the source say about the claim?",)
    _assert_no_fabricated_citation(workbench, result)


@pytest.mark.parametrize("fault", ["invalid_json", "empty", "http_500", "close"])
def test_a_step_that_never_succeeds_is_marked_for_review_after_bounded_attempts(
    workbench: Workbench, request, fault: str
) -> None:  # type: ignore[no-untyped-def]
    # Questions and the verdict letter fail three times each: the claim is stored for review.
    with FaultServer([fault] * 6) as server:
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
    assert server.served == [fault] * 6  # 3 attempts per step, no more
    verdict = result.verdict
    assert verdict.needs_review
    assert verdict.label == Label.NOT_ENOUGH_EVIDENCE and verdict.confidence == 0.0
    assert verdict.citations == ()
    reasons = " ".join(verdict.review_reasons)
    assert "verdict: malformed reply after retries" in reasons
    assert "questions: malformed reply after retries" in reasons


def test_wrong_sentence_numbers_cite_nothing_and_ask_for_review(
    workbench: Workbench, request
) -> None:  # type: ignore[no-untyped-def]
    with FaultServer(["ok", "ok", "wrong_ids"]) as server:
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
    assert result.verdict.citations == ()
    assert result.verdict.needs_review
    assert "no valid source sentence cited" in " ".join(result.verdict.review_reasons)


def test_a_quote_the_sources_do_not_hold_is_flagged(workbench: Workbench, request) -> None:  # type: ignore[no-untyped-def]
    with FaultServer(["ok", "ok", "fabricated_quote"]) as server:
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
    assert result.verdict.needs_review
    assert "green cheese" in " ".join(result.verdict.review_reasons)
    _assert_no_fabricated_citation(workbench, result)


class _Hangs:
    """Hung replies held open by the test: they end only when ``release`` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.ended = 0


@pytest.fixture
def hangs(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Hangs]:
    """A server with ``hang_s = math.inf`` holds each hung request open until the test ends
    (instead of sleeping 30 s), so a check that returns while ``ended == 0`` has observably
    given up on the hang by itself: no clock is read."""
    held = _Hangs()

    def sleep(seconds: float) -> None:
        if not math.isinf(seconds):
            time.sleep(seconds)  # "slow": really waited for
            return
        held.release.wait(timeout=HANG_SAFETY_NET_S)
        held.ended += 1

    monkeypatch.setattr(fault_server, "time", SimpleNamespace(sleep=sleep, time=time.time))
    yield held
    held.release.set()


def test_slow_replies_are_waited_for_and_hung_ones_are_given_up_on(
    workbench: Workbench, request, hangs: _Hangs
) -> None:  # type: ignore[no-untyped-def]
    with FaultServer(["slow", "timeout", "ok", "ok"]) as server:
        server.slow_s = TIMEOUT_S / 2
        server.hang_s = math.inf
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
        # The hung request was still open when the check came back: the client cut it at
        # its own timeout and retried instead of waiting for the server.
        assert hangs.ended == 0
    assert server.served == ["slow", "timeout", "ok", "ok"]  # the hang was retried once
    assert result.verdict.label == Label.SUPPORTED and not result.verdict.needs_review


def test_a_step_that_hangs_on_every_attempt_is_given_up_after_bounded_attempts(
    workbench: Workbench, request, hangs: _Hangs
) -> None:  # type: ignore[no-untyped-def]
    # The questions are answered; the verdict letter hangs on each of its three attempts.
    with FaultServer(["ok", "timeout", "timeout", "timeout"]) as server:
        server.hang_s = math.inf
        _connect(workbench, server, request.node.name)
        result = _check(workbench)
        assert hangs.ended == 0  # all three hung requests still open when the check returned
    assert server.served == ["ok", "timeout", "timeout", "timeout"]  # no fourth attempt
    verdict = result.verdict
    assert verdict.needs_review and verdict.confidence == 0.0 and verdict.citations == ()
    reasons = " ".join(verdict.review_reasons)
    assert "verdict: malformed reply after retries" in reasons
    assert reasons.count(f"call failed: timed out after {TIMEOUT_S:.0f} s") == 3


def test_an_endpoint_that_keeps_failing_stops_the_check_with_a_clear_error(
    workbench: Workbench, request
) -> None:  # type: ignore[no-untyped-def]
    two_claims = CLAIM + " The Brandenburg Gate is in Rome."
    with FaultServer(default="http_500") as server:
        _connect(workbench, server, request.node.name)
        with pytest.raises(LLMUnavailable, match=r"in a row.*rerun to resume"):
            _check(workbench, two_claims)
    assert len(server.served) == MAX_FAILURES_IN_A_ROW


def test_a_stopped_check_resumes_where_it_stopped(workbench: Workbench, request) -> None:  # type: ignore[no-untyped-def]
    three_claims = CLAIM + " The Brandenburg Gate is in Berlin. Puyi was an emperor of China."
    name = request.node.name
    # Claims are verified most check-worthy first. The first is done, then the server breaks
    # for good: the second is stored for review (its calls failed), the third trips the
    # breaker and is left for the rerun.
    with FaultServer(["ok", "ok", "ok"], default="close") as server:
        _connect(workbench, server, name)
        with pytest.raises(LLMUnavailable, match="rerun to resume"):
            _check(workbench, three_claims)
    assert len(server.served) == 3 + MAX_FAILURES_IN_A_ROW
    with FaultServer() as server:
        _connect(workbench, server, name)
        outcome = Checker(workbench).check(article_from_text(three_claims, "t", "s"), CORPUS)
    assert server.served == ["ok", "ok", "ok"]  # only the third claim was checked again
    in_check_order = most_worth_checking([r.assertion for r in outcome.results])
    first, second, third = (outcome.results[i].verdict for i in in_check_order)
    assert first.label == third.label == Label.SUPPORTED
    assert second.needs_review and "connection dropped" in " ".join(second.review_reasons)
    assert outcome.run.finished_at is not None


def test_nothing_listening_is_reported_at_once(workbench: Workbench, request) -> None:  # type: ignore[no-untyped-def]
    with FaultServer() as server:
        url = server.base_url
    endpoint = Endpoint("server", url, "fault", "unused", f"fault:{request.node.name}")
    workbench.llm = CachedLLM(ChatLLM(endpoint, timeout_s=TIMEOUT_S, max_retries=0), workbench.db)
    with pytest.raises(LLMUnavailable, match="WORKBENCH_LLM_BASE_URL"):
        _check(workbench)

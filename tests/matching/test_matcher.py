"""The matcher on a real archive (SQLite) with the real packaged MiniLM embedder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from workbench.matching.matcher import ClaimMatcher
from workbench.records import FactCheck, ImportedOrigin, Label, reviewed_factcheck_id
from workbench.services import Workbench
from workbench.store import factchecks

ARCHIVE = [
    ("fc-bleach", "Drinking bleach cures the coronavirus.", Label.REFUTED, "False"),
    ("fc-bridge", "The Brooklyn Bridge opened to traffic in 1883.", Label.SUPPORTED, "True"),
    ("fc-shark", "A photograph shows a shark swimming on a flooded Houston highway.", None, "Fake"),
    ("fc-moai", "The Moai statues of Easter Island were carved by the Rapa Nui.", None, "Mostly"),
]


def _put(wb: Workbench, entries=ARCHIVE) -> None:  # type: ignore[no-untyped-def]
    with wb.db.transaction() as session:
        for line, (fc_id, claim, label, rating) in enumerate(entries, 1):
            factchecks.put(
                session,
                FactCheck(
                    id=fc_id,
                    claim=claim,
                    label=label,
                    rating=rating,
                    reviewer_or_publisher="Desk",
                    date=date(2024, 1, line),
                    url=f"https://factcheck.example/{fc_id}",
                    origin=ImportedOrigin(file="archive.jsonl", line=line),
                ),
            )


def test_a_claim_in_other_words_finds_its_earlier_fact_check(workbench: Workbench) -> None:
    _put(workbench)
    matcher = ClaimMatcher(workbench)
    tweet = (
        "BREAKING: doctors confirm drinking bleach will cure coronavirus!!! "
        "https://t.co/abc123 — Health Truth (@healthtruth) March 3, 2020"
    )
    ranked = matcher.rank(tweet)
    assert ranked[0][0] == "fc-bleach"
    assert all(0.0 <= score <= 1.0 for _, score in ranked)
    matches = matcher.match(tweet)
    assert [m.factcheck_id for m in matches] == ["fc-bleach"]
    m = matches[0]
    assert (m.label, m.rating, m.publisher, m.date) == (
        Label.REFUTED,
        "False",
        "Desk",
        date(2024, 1, 1),
    )
    assert m.url == "https://factcheck.example/fc-bleach"
    assert m.origin == "imported from archive.jsonl line 1"
    assert m.score >= matcher.reranker.threshold


def test_an_unrelated_claim_gets_no_match(workbench: Workbench) -> None:
    _put(workbench)
    matcher = ClaimMatcher(workbench)
    assert matcher.match("The city council approved a new budget for public libraries.") == ()
    assert ClaimMatcher(workbench).rank("") == []


def test_the_threshold_decides_what_is_attached(workbench: Workbench) -> None:
    _put(workbench)
    matcher = ClaimMatcher(workbench)
    claim = "The Brooklyn Bridge opened in 1883."
    best = matcher.rank(claim)[0]
    assert best[0] == "fc-bridge"
    strict = ClaimMatcher(workbench, replace(matcher.reranker, threshold=best[1] + 1e-6))
    assert strict.match(claim) == ()
    lenient = ClaimMatcher(workbench, replace(matcher.reranker, threshold=0.0))
    assert len(lenient.match(claim)) == 3  # at most MAX_MATCHES, best first
    assert lenient.match(claim)[0].factcheck_id == "fc-bridge"


def test_excluded_fact_checks_and_an_assertions_own_review_never_match(
    workbench: Workbench,
) -> None:
    from workbench.check.pipeline import standalone_assertion

    assertion = standalone_assertion("The Brooklyn Bridge opened to traffic in 1883.")
    own = reviewed_factcheck_id("run-1", assertion.assertion_id)
    _put(workbench, [(own, assertion.text, Label.SUPPORTED, "True"), *ARCHIVE])
    matcher = ClaimMatcher(workbench)
    assert matcher.match(assertion.text)[0].factcheck_id == own  # the same text matches
    found = [m.factcheck_id for m in matcher.match_assertion("run-1", assertion)]
    assert own not in found and found[:1] == ["fc-bridge"]
    assert matcher.match_assertion("run-2", assertion)[0].factcheck_id == own  # another run
    assert "fc-bridge" not in [i for i, _ in matcher.rank(assertion.text, {"fc-bridge", own})]


def test_the_index_follows_the_archive(workbench: Workbench) -> None:
    matcher = ClaimMatcher(workbench)
    assert matcher.match("Drinking bleach cures the coronavirus.") == ()  # empty archive
    _put(workbench)
    assert matcher.match("Drinking bleach cures the coronavirus.") == ()  # not refreshed yet
    matcher.refresh()
    assert matcher.store.last_embedded == len(ARCHIVE)
    assert matcher.match("Drinking bleach cures the coronavirus.")[0].factcheck_id == "fc-bleach"
    with workbench.db.transaction() as session:
        factchecks.remove(session, "fc-bleach")
    assert matcher.match("Drinking bleach cures the coronavirus.") == ()  # gone since: skipped
    matcher.refresh()
    assert matcher.store.last_embedded == 0


def test_matching_uses_minilm_whatever_the_corpora_are_embedded_with(
    workbench: Workbench,
) -> None:
    from workbench.llm.embeddings import MiniLMEmbeddings
    from workbench.matching.matcher import matching_embedder

    assert matching_embedder(workbench.embeddings, MiniLMEmbeddings.model_id) is (
        workbench.embeddings
    )
    other = object()  # e.g. an OpenAI embedder: another vector space
    assert isinstance(matching_embedder(other, MiniLMEmbeddings.model_id), MiniLMEmbeddings)  # type: ignore[arg-type]

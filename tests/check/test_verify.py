from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.check.replies import MalformedReply
from workbench.check.verify import (
    NO_EVIDENCE_RATIONALE,
    label_from_probabilities,
    letter_probabilities,
    rationale_contradicts,
    verify_claim,
)
from workbench.records import EvidenceSentence, Label, LLMUsage
from workbench.store.db import Database

CLAIM = "The Brooklyn Bridge opened in 1890."
EVIDENCE = tuple(
    EvidenceSentence(
        number=i + 1,
        passage_id=f"p-{i}",
        doc_id="doc-1",
        doc_sha256="sha",
        title="Brooklyn Bridge",
        source="wiki",
        start=i * 100,
        end=i * 100 + len(text),
        text=text,
        score=0.9 - i / 10,
    )
    for i, text in enumerate(
        ["The Brooklyn Bridge opened on May 24, 1883.", "It spans the East River in New York."]
    )
)


def _llm(tmp_path: Path, replies):  # type: ignore[no-untyped-def]
    return fake_llm(replies, Database(f"sqlite:///{tmp_path / 'wb.db'}"))


def always_ok(citation) -> None:  # type: ignore[no-untyped-def]
    return None


def test_letter_probabilities_merge_token_variants_and_renormalise() -> None:
    probs = letter_probabilities({"B": -0.5, " B": -3.0, "A": -1.5, "C.": -2.0, "Answer": -1.0})
    assert set(probs) == {"A", "B", "C"}
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-3)
    assert probs["B"] > probs["A"] > probs["C"]
    with pytest.raises(MalformedReply):
        letter_probabilities({"Sure": -0.1, "The": -2.0})


def test_both_true_and_false_likely_is_conflicting() -> None:
    assert label_from_probabilities({"A": 0.45, "B": 0.4, "C": 0.15})[0] == Label.CONFLICTING
    label, confidence = label_from_probabilities({"A": 0.1, "B": 0.8, "C": 0.1})
    assert (label, confidence) == (Label.REFUTED, 0.8)


def test_offsets_undo_the_lean_towards_true() -> None:
    probs = {"A": 0.45, "B": 0.3, "C": 0.25}
    assert label_from_probabilities(probs)[0] == Label.SUPPORTED
    label, confidence = label_from_probabilities(probs, {"B": 0.5, "C": 0.0})
    # B: 0.3 * e^0.5 = 0.495 > A 0.45; its share of the re-weighted mass
    assert label == Label.REFUTED
    assert confidence == round(0.3 * 1.6487212707 / (0.45 + 0.3 * 1.6487212707 + 0.25), 4)
    assert label_from_probabilities(probs, {"C": 1.0})[0] == Label.NOT_ENOUGH_EVIDENCE


def test_refuted_with_a_valid_citation(tmp_path: Path) -> None:
    llm, fake = _llm(
        tmp_path,
        [
            letter_reply({"B": 0.8, "A": 0.1, "C": 0.1}),
            text_reply(
                '{"sentences": [1, 7, 1], "reason": "The bridge opened in 1883, not 1890."}'
            ),
        ],
    )
    verdict, usage = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.label == Label.REFUTED and verdict.confidence == pytest.approx(0.8, abs=1e-3)
    assert [c.quote for c in verdict.citations] == [EVIDENCE[0].text]  # 7 is not a sentence
    assert (verdict.citations[0].start, verdict.citations[0].end) == (0, len(EVIDENCE[0].text))
    # The invented S7 is never cited, but it is counted and the verdict is flagged.
    assert verdict.citation_audit.proposed == 2
    assert verdict.citation_audit.rejected == (
        "citation dropped: S7 is not among the 2 sentences shown",
    )
    assert verdict.needs_review
    assert usage.calls == 2
    prompt = fake.calls[0][0][-1].content
    assert "[S1] (Brooklyn Bridge) The Brooklyn Bridge opened on May 24, 1883." in prompt
    assert fake.calls[0][1]["max_tokens"] == 1 and fake.calls[0][1]["top_logprobs"] == 20
    explain = fake.calls[1][0]  # a follow-up turn: same prefix, so the server reuses its cache
    assert explain[:2] == fake.calls[0][0]
    assert (explain[2].type, explain[2].content) == ("ai", "B")
    assert "You answered that the claim is false" in explain[3].content


def test_a_citation_that_fails_the_check_is_dropped_and_flagged(tmp_path: Path) -> None:
    llm, _ = _llm(
        tmp_path,
        [
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "r"}'),
        ],
    )
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, lambda c: "quote is not verbatim", LLMUsage())
    assert verdict.citations == ()
    assert verdict.needs_review
    assert any("not verbatim" in r for r in verdict.review_reasons)


def test_rationale_quoting_text_absent_from_sources_is_flagged(tmp_path: Path) -> None:
    reason = 'The source says "the bridge opened in 1890 exactly" so it is true.'
    llm, _ = _llm(
        tmp_path,
        [
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply(
                f'{{"sentences": [1], "reason": "{reason.replace(chr(34), chr(92) + chr(34))}"}}'
            ),
        ],
    )
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.needs_review
    assert any("quotes text not in the sources" in r for r in verdict.review_reasons)


def test_not_settled_needs_no_explanation_call(tmp_path: Path) -> None:
    llm, fake = _llm(tmp_path, [letter_reply({"C": 0.7, "A": 0.2, "B": 0.1})])
    verdict, usage = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.label == Label.NOT_ENOUGH_EVIDENCE and verdict.citations == ()
    assert usage.calls == 1 and len(fake.calls) == 1


def test_no_evidence_makes_no_call(tmp_path: Path) -> None:
    llm, fake = _llm(tmp_path, [])
    verdict, usage = verify_claim(llm, CLAIM, (), always_ok, LLMUsage())
    assert verdict.label == Label.NOT_ENOUGH_EVIDENCE and verdict.rationale == NO_EVIDENCE_RATIONALE
    assert usage.calls == 0 and fake.calls == []


def test_malformed_verdicts_after_retries_are_marked_for_review(tmp_path: Path) -> None:
    llm, _ = _llm(tmp_path, [text_reply("Well,"), text_reply("I think"), text_reply("Maybe")])
    verdict, usage = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.needs_review and verdict.citations == ()
    assert usage.calls == 3
    assert "malformed reply after retries" in verdict.review_reasons[0]


def test_server_without_logprobs_uses_the_letter_and_says_so(tmp_path: Path) -> None:
    llm, _ = _llm(tmp_path, [text_reply("C")])
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.label == Label.NOT_ENOUGH_EVIDENCE and verdict.confidence == 0.5
    assert any("no log-probabilities" in r for r in verdict.review_reasons)


def test_the_audit_counts_every_proposal_before_anything_is_dropped(tmp_path: Path) -> None:
    reason = 'It says \\"opened on May 24, 1883\\" and \\"was painted green in 1890\\".'
    llm, _ = _llm(
        tmp_path,
        [
            letter_reply({"B": 0.8, "A": 0.1, "C": 0.1}),
            text_reply(f'{{"sentences": [1, 2, 0, "9"], "reason": "{reason}"}}'),
        ],
    )
    failing = {EVIDENCE[1].passage_id: "quote is not verbatim at the cited range"}
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, lambda c: failing.get(c.passage_id), LLMUsage())
    assert [c.quote for c in verdict.citations] == [EVIDENCE[0].text]
    audit = verdict.citation_audit
    # S1, S2, S0, S9 and two quoted fragments were proposed; S2 (not verbatim), S0, S9 and the
    # quote found in no source were rejected.
    assert audit.proposed == 6
    assert len(audit.rejected) == 4
    assert any("S2 dropped: quote is not verbatim" in r for r in audit.rejected)
    assert any("S0 is not among" in r for r in audit.rejected)
    assert any("S9 is not among" in r for r in audit.rejected)
    assert any("painted green" in r for r in audit.rejected)
    assert set(audit.rejected) <= set(verdict.review_reasons)


def test_a_clean_explanation_has_an_empty_audit(tmp_path: Path) -> None:
    llm, _ = _llm(
        tmp_path,
        [
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "It opened in 1883."}'),
        ],
    )
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.citation_audit.proposed == 1 and verdict.citation_audit.rejected == ()
    assert not verdict.needs_review


def test_a_rationale_arguing_for_the_other_label_is_caught() -> None:
    assert rationale_contradicts(Label.REFUTED, "The sources do not contradict the claim.")
    assert rationale_contradicts(Label.SUPPORTED, "S1 contradicts the claim: it opened in 1883.")
    assert not rationale_contradicts(Label.REFUTED, "S1 says it opened in 1883, not 1890.")
    assert not rationale_contradicts(Label.NOT_ENOUGH_EVIDENCE, "It is true.")


def test_a_weak_or_self_contradicting_model_verdict_goes_to_a_reviewer(tmp_path: Path) -> None:
    llm, _ = _llm(
        tmp_path,
        [
            letter_reply({"A": 0.45, "B": 0.3, "C": 0.25}),
            text_reply('{"sentences": [1], "reason": "S1 contradicts the claim."}'),
        ],
    )
    verdict, _ = verify_claim(llm, CLAIM, EVIDENCE, always_ok, LLMUsage())
    assert verdict.label == Label.SUPPORTED and verdict.confidence == 0.45
    assert "low confidence (0.45): check this yourself" in verdict.review_reasons
    assert "the rationale argues against its own label (SUPPORTED)" in verdict.review_reasons

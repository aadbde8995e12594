import pytest
from fakes import fake_llm, text_reply

from workbench.check.coverage import salient_terms, uncovered_terms
from workbench.check.pipeline import Checker, article_from_text
from workbench.records import EvidenceSentence, Label
from workbench.services import Workbench


def _sentence(text: str, title: str = "Brooklyn Bridge") -> EvidenceSentence:
    return EvidenceSentence(
        number=1, passage_id="p", doc_id="d", doc_sha256="h", title=title, source="s",
        start=0, end=len(text), text=text, score=0.5,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "terms"),
    [
        ("The Brooklyn Bridge opened in 1883.", ["Brooklyn", "Bridge", "1883"]),
        ("NATO's chief met Mark Rutte in Brussels.", ["NATO", "Mark", "Rutte", "Brussels"]),
        ("More than 14,000 weapons exist.", ["14000"]),
        ("According to sources, it will rain.", []),
        ("Rihanna has 5 siblings.", ["Rihanna", "5"]),
    ],
)
def test_salient_terms_are_names_and_numbers(claim: str, terms: list[str]) -> None:
    assert salient_terms(claim) == terms


def test_a_claim_is_uncovered_only_when_no_term_occurs_anywhere() -> None:
    evidence = [_sentence("It opened to traffic on May 24, 1883.")]
    assert uncovered_terms("The Brooklyn Bridge opened in 1883.", evidence) is None  # title
    assert uncovered_terms("Alibaba was founded in Korea in 1883.", evidence) is None  # 1883
    assert uncovered_terms("NATO met in Brussels.", evidence) == ["NATO", "Brussels"]
    assert uncovered_terms("it is raining.", evidence) is None  # nothing to look up
    assert uncovered_terms("NATO met in Brussels.", []) is None  # no evidence: handled elsewhere
    assert uncovered_terms("Bridges are 14,000 years old", [_sentence("It is 14000 m.")]) is None


def test_an_uncovered_claim_is_not_sent_to_the_model(
    sample_workbench: Workbench, request: pytest.FixtureRequest
) -> None:
    sample_workbench.__dict__.pop("llm", None)
    sample_workbench.llm, fake = fake_llm(
        [text_reply('{"questions": ["Where did NATO defence chiefs meet in 2025?"]}')],
        sample_workbench.db,
        name=request.node.name,
    )
    try:
        article = article_from_text("NATO defence chiefs met in Vilnius in 2025.", "t", "s")
        (result,) = Checker(sample_workbench).check(article, "fm2").results
    finally:
        sample_workbench.__dict__.pop("llm", None)
    assert len(fake.calls) == 1  # the questions; no verdict call
    verdict = result.verdict
    assert verdict.label == Label.NOT_ENOUGH_EVIDENCE and verdict.citations == ()
    assert verdict.rationale == (
        "None of the retrieved source sentences mentions NATO, Vilnius or 2025."
    )
    assert result.evidence  # what was searched is still shown to the reviewer


def test_the_rationale_names_at_most_five_terms() -> None:
    from workbench.check.coverage import uncovered_verdict

    assert uncovered_verdict(["NATO"]).rationale.endswith("mentions NATO.")
    many = uncovered_verdict(["A1", "B2", "C3", "D4", "E5", "F6"]).rationale
    assert "A1, B2, C3, D4, E5 or any of the other terms of the claim." in many
    assert "F6" not in many


def test_evidence_below_the_embedders_floor_is_too_distant() -> None:
    from workbench.check.coverage import MIN_TOP_SIMILARITY, too_distant

    floor = MIN_TOP_SIMILARITY["all-MiniLM-L6-v2-onnx-int8"]
    near, far = _sentence("a"), _sentence("b")
    near = near.model_copy(update={"score": floor + 0.01})
    far = far.model_copy(update={"score": floor - 0.01})
    assert too_distant([far], "all-MiniLM-L6-v2-onnx-int8") == floor - 0.01
    assert too_distant([far, near], "all-MiniLM-L6-v2-onnx-int8") is None  # the best one counts
    assert too_distant([far], "text-embedding-3-small") is None  # no measured floor: no rule
    assert too_distant([], "all-MiniLM-L6-v2-onnx-int8") is None


def test_a_claim_whose_closest_source_is_far_off_is_not_sent_to_the_model(
    workbench: Workbench, tmp_path, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    source = tmp_path / "surnames.txt"
    source.write_text("Rutte is a common Dutch surname found in old parish records.")
    ingest(workbench, "c", [source])
    workbench.llm, fake = fake_llm(
        [text_reply('{"questions": ["What did Rutte warn about Russia?"]}')],
        workbench.db,
        name=request.node.name,
    )
    claim = "Rutte warned that Russia could attack NATO within five years."
    (result,) = Checker(workbench).check(article_from_text(claim, "t", "s"), "c").results
    assert len(fake.calls) == 1  # the questions; "Rutte" occurs, yet no verdict call
    assert result.verdict.label == Label.NOT_ENOUGH_EVIDENCE
    assert result.verdict.rationale.startswith("The closest source sentence is too far")
    assert result.evidence and max(s.score for s in result.evidence) < 0.35


def _cited(score: float, number: int) -> tuple:  # type: ignore[type-arg]
    from workbench.check.citations import citation_for
    from workbench.records import EvidenceSentence

    sentence = EvidenceSentence(
        number=number, passage_id=f"p{number}", doc_id="d", doc_sha256="h", title="T",
        source="s", start=0, end=10, text="0123456789", score=score,
    )  # fmt: skip
    return sentence, citation_for(sentence)


def test_a_citation_far_from_the_claim_sends_the_verdict_to_a_reviewer() -> None:
    from workbench.check.coverage import flag_unrelated_citations
    from workbench.records import Label, Verdict

    (near, near_c), (far, far_c) = _cited(0.62, 1), _cited(0.21, 2)
    verdict = Verdict(label=Label.REFUTED, confidence=0.8, rationale="r", citations=(near_c, far_c))
    flagged = flag_unrelated_citations(verdict, [near, far])
    assert flagged.needs_review
    assert flagged.review_reasons == (
        "cited sentence S2 seems unrelated to the claim (similarity 0.21)",
    )
    close = verdict.model_copy(update={"citations": (near_c,)})
    assert flag_unrelated_citations(close, [near, far]) == close

"""The eval harness on a tiny dataset the test makes itself, with a scripted model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.evaluate import Dataset, run_eval, summarise
from workbench.services import Workbench

DOCS = [
    {
        "doc_id": "Moai",
        "title": "Moai",
        "text": "The Moai were carved by the Rapa Nui people of Easter Island.",
    },
    {
        "doc_id": "Pisa",
        "title": "Leaning Tower of Pisa",
        "text": "The tower of Pisa began to lean during construction in the 12th century.",
    },
]
CLAIMS = [
    {
        "claim_id": "c1",
        "claim": "The Moai were carved by the Rapa Nui.",
        "label": "SUPPORTED",
        "gold_doc_ids": ["Moai"],
        "gold_evidence": [
            {
                "doc_id": "Moai",
                "text": "The Moai were carved by the Rapa Nui people of Easter Island.",
            }
        ],
    },
    {
        "claim_id": "c2",
        "claim": "The tower of Pisa was built perfectly straight and never leaned.",
        "label": "REFUTED",
        "gold_doc_ids": ["Pisa"],
        "gold_evidence": [
            {
                "doc_id": "Pisa",
                "text": "The tower of Pisa began to lean during construction in the 12th century.",
            }
        ],
    },
]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in DOCS))
    (folder / "claims.jsonl").write_text("\n".join(json.dumps(c) for c in CLAIMS))
    return folder


def _answers(letter_probs: dict[str, float], cite: bool) -> list:  # type: ignore[type-arg]
    replies = [text_reply('{"questions": ["Q?"]}'), letter_reply(letter_probs)]
    if cite:
        replies.append(text_reply('{"sentences": [1], "reason": "Said in the source."}'))
    return replies


def test_eval_scores_labels_retrieval_and_citations_and_resumes(
    workbench: Workbench, dataset: Path
) -> None:
    order = [c["claim_id"] for c in Dataset.load(dataset).sample(None, seed=42)]  # the asking order
    scripts = {
        "c1": _answers({"A": 0.9, "B": 0.05, "C": 0.05}, cite=True),
        "c2": _answers({"A": 0.7, "B": 0.2, "C": 0.1}, cite=True),
    }
    workbench.llm, fake = fake_llm([r for cid in order for r in scripts[cid]], workbench.db)

    name, outcomes = run_eval(workbench, dataset, limit=None, seed=42)
    summary = summarise(name, outcomes)
    assert summary["n"] == 2 and summary["dataset"] == "tiny"
    assert summary["accuracy"] == 0.5  # c1 right, c2 called SUPPORTED
    assert summary["per_label"]["SUPPORTED"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.6667,
        "support": 1,
    }
    assert summary["per_label"]["REFUTED"]["recall"] == 0.0
    assert summary["macro_f1"] == pytest.approx((0.6667 + 0.0) / 2, abs=1e-3)
    assert summary["evidence_recall_at_5"] == 1.0
    assert summary["n_with_gold"] == 2
    assert summary["fabricated_citations"] == 0 and summary["proposed_citations"] == 2
    assert summary["citation_drop_rate"] == 0.0
    assert summary["gold_evidence_unlocated"] == 0
    assert summary["citation_precision"] == 1.0  # each cites its gold sentence
    assert summary["llm_calls_per_claim"] == 3.0
    assert summary["confusion"] == {
        "SUPPORTED": {"SUPPORTED": 1},
        "REFUTED": {"SUPPORTED": 1},
    }
    # c1 right at 0.9, c2 wrong at 0.7: each alone in its bin.
    assert summary["confidence_ece"] == pytest.approx((0.1 + 0.7) / 2, abs=1e-3)

    calls = len(fake.calls)
    again = summarise(*run_eval(workbench, dataset, limit=None, seed=42))
    assert len(fake.calls) == calls  # resumed from stored results: no call
    assert again == summary


def test_an_invented_quote_and_sentence_raise_the_fabricated_count(
    workbench: Workbench, dataset: Path
) -> None:
    """A scripted model that cites a sentence it was never shown and quotes words found in
    no source: the stored verdict keeps none of it, the eval counts both."""
    order = [c["claim_id"] for c in Dataset.load(dataset).sample(None, seed=42)]
    invented = (
        '{"sentences": [1, 9], "reason": "The source says \\"the Moai were flown in from Peru\\"."}'
    )
    scripts = {
        "c1": [*_answers({"A": 0.9, "B": 0.05, "C": 0.05}, cite=False), text_reply(invented)],
        "c2": _answers({"A": 0.1, "B": 0.8, "C": 0.1}, cite=True),
    }
    workbench.llm, _ = fake_llm([r for cid in order for r in scripts[cid]], workbench.db, "inv")

    name, outcomes = run_eval(workbench, dataset, limit=None, seed=42)
    summary = summarise(name, outcomes)
    assert summary["fabricated_citations"] == 2  # S9 and the quote
    assert summary["proposed_citations"] == 4  # c1: S1, S9, the quote; c2: S1
    assert summary["citation_drop_rate"] == 0.5
    c1 = next(o for o in outcomes if o.claim_id == "c1")
    assert c1.citations == 1 and c1.fabricated == 2  # the real S1 is kept


def test_macro_f1_counts_a_predicted_label_the_gold_never_has(
    workbench: Workbench, dataset: Path
) -> None:
    order = [c["claim_id"] for c in Dataset.load(dataset).sample(None, seed=42)]
    scripts = {  # c1 right; c2 (REFUTED) called "not enough evidence", absent from gold
        "c1": _answers({"A": 0.9, "B": 0.05, "C": 0.05}, cite=True),
        "c2": [text_reply('{"questions": ["Q?"]}'), letter_reply({"A": 0.1, "B": 0.1, "C": 0.8})],
    }
    workbench.llm, _ = fake_llm([r for cid in order for r in scripts[cid]], workbench.db, "nei")
    summary = summarise(*run_eval(workbench, dataset, limit=None, seed=42))
    assert summary["macro_f1_labels"] == ["SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE"]
    assert summary["macro_f1"] == pytest.approx((1.0 + 0.0 + 0.0) / 3, abs=1e-3)
    # Gold is one SUPPORTED, one REFUTED: the tie goes to the first claim's label.
    assert summary["majority_label"] == Dataset.load(dataset).sample(None, 42)[0]["label"]
    assert summary["majority_accuracy"] == 0.5


def test_gold_evidence_is_located_across_whitespace_differences() -> None:
    from workbench.evaluate import locate

    stored = "First line.\nThe tower began to lean\nduring construction."
    assert locate(stored, "The tower began to lean \nduring construction.") == (12, len(stored))
    assert locate(stored, "  First line. ") == (0, 11)
    assert locate(stored, "The tower never leaned.") is None
    assert locate(stored, "   ") is None


def test_a_folder_without_claims_is_a_clear_error(workbench: Workbench, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"claims\.jsonl"):
        run_eval(workbench, tmp_path, limit=None, seed=1)

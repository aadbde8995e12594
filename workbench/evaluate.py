"""Benchmark evaluation: run claims of a dataset through the same chain as `workbench check`.

A dataset folder holds ``corpus.jsonl`` ({"doc_id","title","text"}) and ``claims.jsonl``
({"claim_id","claim","label","gold_doc_ids","gold_evidence":[{"doc_id","text"}]}), the format
of ../shared/benchmarks/*. The corpus goes into its own collection once (re-adding skips it);
each claim is the assertion; results are stored per claim, so a killed eval resumes.
"""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from workbench import metrics
from workbench.check.pipeline import (
    PROMPTS,
    Checker,
    chain_config,
    standalone_assertion,
    stored_citation_problem,
)
from workbench.check.verify import CHECK_YOURSELF_BELOW
from workbench.corpus.ingest import ingest
from workbench.llm.prompts import load_prompt
from workbench.records import (
    Label,
    LLMUsage,
    sha256_hex,
    validate_corpus_name,
)
from workbench.services import Workbench
from workbench.store import catalog, evals

DATASET_LABELS = {
    "SUPPORTED": Label.SUPPORTED,
    "REFUTED": Label.REFUTED,
    "NOT_ENOUGH_INFO": Label.NOT_ENOUGH_EVIDENCE,
    "NOT_ENOUGH_EVIDENCE": Label.NOT_ENOUGH_EVIDENCE,
    "CONFLICTING": Label.CONFLICTING,
}
RECALL_AT = 5
# Bumped when ClaimOutcome gains a measure, so stored outcomes without it are not reused.
OUTCOME_VERSION = 2


class ClaimOutcome(BaseModel):
    """What one claim's check gave, next to its gold answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claim_id: str
    gold: Label
    predicted: Label
    confidence: float
    # Hit@5: a gold document among the first 5 distinct documents of the evidence sentences
    # shown to the model; None when the claim names no gold document (left out of the mean).
    gold_in_top5: bool | None
    citations: int  # kept on the verdict (each passed the verbatim check)
    citations_on_gold: int  # kept citations overlapping a gold evidence sentence
    proposed_citations: int  # what the model proposed: sentence numbers + rationale quotes
    fabricated: (
        int  # proposals rejected in code: no such sentence, not verbatim, quote in no source
    )
    gold_unlocated: int  # gold evidence texts not found in their stored document
    usage: LLMUsage
    seconds: float
    label_scores: dict[str, float] = {}


@dataclass
class Dataset:
    name: str
    folder: Path
    claims: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> Dataset:
        claims_file, corpus_file = folder / "claims.jsonl", folder / "corpus.jsonl"
        for needed in (claims_file, corpus_file):
            if not needed.exists():
                raise FileNotFoundError(
                    f"{needed} is missing: a dataset folder holds corpus.jsonl and claims.jsonl"
                )
        claims = [
            json.loads(line)
            for line in claims_file.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        name = "eval-" + "".join(
            c if c.isalnum() or c in "._-" else "-" for c in folder.resolve().name
        )
        return cls(validate_corpus_name(name[:63]), folder, claims)

    def sample(self, limit: int | None, seed: int) -> list[dict[str, Any]]:
        claims = sorted(self.claims, key=lambda c: str(c["claim_id"]))
        random.Random(seed).shuffle(claims)
        return claims[:limit] if limit else claims


def locate(text: str, needle: str) -> tuple[int, int] | None:
    """The span of ``needle`` in ``text``: verbatim, else with any run of whitespace matching
    any other (stored documents are normalised: trailing spaces before newlines go)."""
    needle = needle.strip()
    if not needle:
        return None
    start = text.find(needle)
    if start >= 0:
        return start, start + len(needle)
    pattern = r"\s+".join(re.escape(word) for word in unicodedata.normalize("NFC", needle).split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def gold_spans(
    wb: Workbench, corpus: str, claim: dict[str, Any], by_external: dict[str, str]
) -> tuple[list[tuple[str, int, int]], int]:
    """(doc_id, start, end) of each gold evidence text in the stored documents, and how many
    gold texts could not be located (counted, never dropped silently)."""
    spans, unlocated = [], 0
    with wb.db.transaction() as session:
        for evidence in claim.get("gold_evidence") or []:
            doc_id = by_external.get(str(evidence.get("doc_id")))
            document = catalog.get_document(session, corpus, doc_id) if doc_id else None
            text = str(evidence.get("text") or "")
            span = locate(document.text, text) if document is not None else None
            if document is None or span is None:
                unlocated += bool(text.strip())
                continue
            spans.append((document.doc_id, *span))
    return spans, unlocated


def evaluate_claim(
    wb: Workbench, checker: Checker, corpus: str, claim: dict[str, Any], by_external: dict[str, str]
) -> ClaimOutcome:
    assertion = standalone_assertion(str(claim["claim"]))
    started = time.perf_counter()
    result = checker.check_claim(assertion, corpus, {}, {})
    seconds = time.perf_counter() - started
    verdict = result.verdict
    assert verdict is not None  # check_claim always verifies
    gold_docs = {by_external.get(str(d)) for d in claim.get("gold_doc_ids") or []} - {None}
    retrieved: list[str] = []
    for sentence in result.evidence:  # ranked evidence: the documents the verdict was judged on
        if sentence.doc_id not in retrieved:
            retrieved.append(sentence.doc_id)
    spans, unlocated = gold_spans(wb, corpus, claim, by_external)
    on_gold = sum(
        1
        for c in verdict.citations
        if any(c.doc_id == d and c.start < e and s < c.end for d, s, e in spans)
    )
    # The chain drops what fails its checks; a kept citation failing now would be a chain bug.
    kept_failing = sum(1 for c in verdict.citations if stored_citation_problem(wb, corpus, c))
    audit = verdict.citation_audit
    return ClaimOutcome(
        claim_id=str(claim["claim_id"]),
        gold=DATASET_LABELS[claim["label"]],
        predicted=verdict.label,
        confidence=verdict.confidence,
        gold_in_top5=bool(gold_docs & set(retrieved[:RECALL_AT])) if gold_docs else None,
        citations=len(verdict.citations),
        citations_on_gold=on_gold,
        proposed_citations=audit.proposed,
        fabricated=len(audit.rejected) + kept_failing,
        gold_unlocated=unlocated,
        usage=result.usage,
        seconds=round(seconds, 3),
        label_scores=verdict.label_scores,
    )


def run_eval(
    wb: Workbench,
    folder: Path,
    limit: int | None,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, list[ClaimOutcome]]:
    dataset = Dataset.load(folder)
    report = ingest(wb, dataset.name, [folder / "corpus.jsonl"])
    if report.failed:
        raise ValueError(f"{len(report.failed)} corpus documents failed, e.g. {report.failed[0]}")
    with wb.db.transaction() as session:
        by_external = {
            d.external_id: d.doc_id
            for d in catalog.list_documents(session, dataset.name)
            if d.external_id
        }
        state = catalog.corpus_info(session, dataset.name).state
    prompts = ",".join(load_prompt(name).ref for name in PROMPTS)
    config = (
        f"{dataset.name}:{state}:{wb.llm.model_name}:{prompts}:{chain_config(wb)}"
        f":outcome{OUTCOME_VERSION}"
    )
    eval_key = sha256_hex(config)[:32]
    claims = dataset.sample(limit, seed)
    with wb.db.transaction() as session:
        finished = evals.done(session, eval_key)
    checker = Checker(wb)
    outcomes: list[ClaimOutcome] = []
    for i, claim in enumerate(claims):
        if progress:
            progress(i, len(claims))
        cid = str(claim["claim_id"])
        if cid in finished:
            outcomes.append(ClaimOutcome.model_validate_json(finished[cid]))
            continue
        outcome = evaluate_claim(wb, checker, dataset.name, claim, by_external)
        with wb.db.transaction() as session:
            evals.put(session, eval_key, cid, outcome.model_dump_json())
        outcomes.append(outcome)
    if progress:
        progress(len(claims), len(claims))
    return folder.resolve().name, outcomes


def summarise(dataset: str, outcomes: list[ClaimOutcome]) -> dict[str, Any]:
    """The figures `eval --json` prints; conventions in workbench/metrics.py."""
    n = len(outcomes)
    pairs = [(o.gold, o.predicted) for o in outcomes]
    labels = sorted(metrics.labels_of(pairs), key=list(Label).index)
    per_label = {
        label.value: {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "support": scores.support,
        }
        for label, scores in metrics.per_label(pairs, labels).items()
    }
    with_gold = [o for o in outcomes if o.gold_in_top5 is not None]
    cited = sum(o.citations for o in outcomes)
    proposed = sum(o.proposed_citations for o in outcomes)
    fabricated = sum(o.fabricated for o in outcomes)
    usage = sum((o.usage for o in outcomes), LLMUsage())
    majority, always_majority = metrics.majority_baseline([o.gold for o in outcomes])
    ece = metrics.expected_calibration_error(
        [o.confidence for o in outcomes], [o.gold == o.predicted for o in outcomes]
    )
    confident = [o for o in outcomes if o.confidence >= CHECK_YOURSELF_BELOW]
    return {
        "dataset": dataset,
        "n": n,
        "accuracy": round(metrics.accuracy(pairs), 4),
        "macro_f1": round(metrics.macro_f1(pairs), 4),
        "macro_f1_labels": [label.value for label in labels],
        # Answering the commonest gold label to every claim, on the same claims.
        "majority_label": majority.value if majority else None,
        "majority_accuracy": round(metrics.accuracy(always_majority), 4),
        "majority_macro_f1": round(metrics.macro_f1(always_majority), 4),
        "evidence_recall_at_5": round(
            sum(bool(o.gold_in_top5) for o in with_gold) / len(with_gold), 4
        )
        if with_gold
        else None,
        "n_with_gold": len(with_gold),
        "citation_precision": round(sum(o.citations_on_gold for o in outcomes) / cited, 4)
        if cited
        else None,
        "proposed_citations": proposed,
        "fabricated_citations": fabricated,
        "citation_drop_rate": round(fabricated / proposed, 4) if proposed else None,
        "gold_evidence_unlocated": sum(o.gold_unlocated for o in outcomes),
        "confidence_ece": round(ece, 4),
        # Verdicts at or above the card's "check this yourself" line: how many, how many right.
        "confident_threshold": CHECK_YOURSELF_BELOW,
        "confident_share": round(len(confident) / n, 4) if n else None,
        "confident_accuracy": round(
            sum(o.gold == o.predicted for o in confident) / len(confident), 4
        )
        if confident
        else None,
        "llm_calls_per_claim": round(usage.calls / n, 3) if n else 0.0,
        "tokens_per_claim": round((usage.prompt_tokens + usage.completion_tokens) / n, 1)
        if n
        else 0.0,
        "seconds_per_claim": round(sum(o.seconds for o in outcomes) / n, 3) if n else 0.0,
        "per_label": per_label,
        "confusion": {
            gold.value: {
                p.value: k for p, k in sorted(row.items(), key=lambda i: list(Label).index(i[0]))
            }
            for gold, row in sorted(
                metrics.confusion(pairs).items(), key=lambda i: list(Label).index(i[0])
            )
        },
    }

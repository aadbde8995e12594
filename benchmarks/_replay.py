"""Replay the evidence step of a finished `workbench eval`, without a model where possible.

For each claim of the eval's sample (same dataset, limit and seed): its gold documents and
gold sentence spans, the questions the eval generated (from the home's reply cache) and the
passages the chain retrieved with them. Used by the benchmarks that vary what happens after
retrieval (sentence ranking, what the verify prompt is shown).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import SHARED

from workbench.check.evidence import retrieve_passages
from workbench.check.questions import generate_questions
from workbench.evaluate import DATASET_LABELS, Dataset, gold_spans
from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatLLM, Endpoint, LLMUnavailable
from workbench.records import Label, LLMUsage, SearchHit
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog

EMBEDDED_LABEL = "embedded:qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


@dataclass(frozen=True)
class ReplayedClaim:
    claim: dict[str, Any]
    text: str
    gold: Label
    gold_docs: set[str]
    gold_spans: list[tuple[str, int, int]]  # (doc_id, start, end) in the stored documents
    questions_cached: bool
    hits: list[SearchHit]  # retrieval order: the claim's own hits first


def replay_arguments(description: str | None) -> argparse.ArgumentParser:
    """--dataset (repeatable), --limit and --seed: the eval's sample to replay."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dataset", action="append", required=True)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    return parser


def eval_home() -> tuple[Path, Workbench]:
    """The finished eval's home (WORKBENCH_HOME) and a workbench on it (local stores)."""
    home = Path(os.environ["WORKBENCH_HOME"])
    return home, Workbench(Settings(home=home, chroma_url=None, database_url=None))


def cache_only_llm(wb: Workbench) -> CachedLLM:
    """The embedded model's replies from the home's cache; a miss is refused (port 9)."""
    endpoint = Endpoint("embedded", "http://127.0.0.1:9/v1", "x", "local", EMBEDDED_LABEL)
    return CachedLLM(ChatLLM(endpoint, max_retries=0), wb.db)


def replay(wb: Workbench, name: str, limit: int, seed: int) -> Iterator[ReplayedClaim]:
    dataset = Dataset.load(SHARED / name)
    llm = cache_only_llm(wb)
    with wb.db.transaction() as session:
        by_external = {
            d.external_id: d.doc_id
            for d in catalog.list_documents(session, dataset.name)
            if d.external_id
        }
    for claim in dataset.sample(limit, seed):
        docs = {by_external.get(str(d)) for d in claim.get("gold_doc_ids") or []}
        text = " ".join(str(claim["claim"]).split())
        try:
            questions, _, _ = generate_questions(llm, text, LLMUsage())
        except LLMUnavailable:  # not in the cache: the claim alone
            questions = None
        yield ReplayedClaim(
            claim=claim,
            text=text,
            gold=DATASET_LABELS[claim["label"]],
            gold_docs={d for d in docs if d},
            gold_spans=gold_spans(wb, dataset.name, claim, by_external)[0],
            questions_cached=questions is not None,
            hits=retrieve_passages(wb.searcher, dataset.name, (text, *(questions or ()))),
        )

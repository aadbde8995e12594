"""Check-worthiness evaluation: rank each document's sentences by the learned score and score
the rankings as the CLEF CheckThat! 2019 Task 1 scorer does (``workbench eval DIR``).

A folder holds ``sentences.jsonl``, one sentence a line: ``{"id", "text", "label"`` (1 =
check-worthy), ``"source"`` (the document), ``"line"`` (its order in the document),
``"doc_type"`` (``"debate"`` or ``"speech"``)``}``, the format of ../shared/benchmarks/checkworthy.
Each document is ranked on its own (descending score, ties in line order); AP, RR and P@10
per document (``workbench.metrics``), then their means over documents.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from workbench import metrics
from workbench.check.checkworthiness import Ranker, default_ranker

SENTENCES = "sentences.jsonl"


@dataclass(frozen=True)
class Sentence:
    text: str
    label: int
    line: int
    doc_type: str | None


def is_checkworthy_dataset(folder: Path) -> bool:
    return (folder / SENTENCES).is_file()


def load_documents(path: Path) -> dict[str, list[Sentence]]:
    """Sentences by document (``source``), each in line order, from a sentences.jsonl file or
    a folder holding one."""
    path = path / SENTENCES if path.is_dir() else path
    documents: dict[str, list[Sentence]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = Sentence(
                    text=str(row["text"]),
                    label=int(row["label"]),
                    line=int(row.get("line", number)),
                    doc_type=row.get("doc_type"),
                )
                documents[str(row["source"])].append(sentence)
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(
                    f"{path}, line {number}: not a sentence record with text, label and "
                    f"source ({exc})"
                ) from exc
    if not documents:
        raise ValueError(f"{path} holds no sentences")
    return {source: sorted(rows, key=lambda s: s.line) for source, rows in documents.items()}


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarise(
    name: str, documents: dict[str, list[Sentence]], scores: dict[str, list[float]]
) -> dict[str, Any]:
    """The figures ``workbench eval --json`` prints (``map_speeches``/``map_debates`` are
    None when the folder has no document of that type)."""
    per_document: dict[str, dict[str, float]] = {}
    for source, sentences in documents.items():
        ranked = metrics.ranked([s.label for s in sentences], scores[source])
        per_document[source] = {
            "ap": metrics.average_precision(ranked),
            "rr": metrics.reciprocal_rank(ranked),
            "p_at_10": metrics.precision_at(ranked, 10),
        }

    def of_type(doc_type: str) -> list[float]:
        return [m["ap"] for s, m in per_document.items() if documents[s][0].doc_type == doc_type]

    return {
        "dataset": name,
        "n_documents": len(documents),
        "map": _mean([m["ap"] for m in per_document.values()]),
        "map_speeches": _mean(of_type("speech")),
        "map_debates": _mean(of_type("debate")),
        "rr": _mean([m["rr"] for m in per_document.values()]),
        "p_at_10": _mean([m["p_at_10"] for m in per_document.values()]),
        "per_document": {s: round(m["ap"], 4) for s, m in sorted(per_document.items())},
    }


def score_documents(
    documents: dict[str, list[Sentence]], ranker: Ranker, embedder: Embeddings | None = None
) -> dict[str, list[float]]:
    """The ranker's score of every sentence, all documents embedded in one batch."""
    texts = [s.text for sentences in documents.values() for s in sentences]
    flat = ranker.score(texts, embedder=embedder)
    scores, offset = {}, 0
    for source, sentences in documents.items():
        scores[source] = flat[offset : offset + len(sentences)]
        offset += len(sentences)
    return scores


def run_checkworthy_eval(folder: Path, embedder: Embeddings | None = None) -> dict[str, Any]:
    documents = load_documents(folder)
    ranker = default_ranker()
    return summarise(folder.resolve().name, documents, score_documents(documents, ranker, embedder))


def fitted_on(sources: Iterable[str]) -> list[str]:
    """Those of the documents the shipped weights were fitted on: their figures are not a
    measurement on unseen documents."""
    return sorted(set(sources) & set(default_ranker().fitted_on))

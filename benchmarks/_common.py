"""Shared helpers for the benchmark scripts: a fresh home, timing, machine facts."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import select

from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store.db import Database
from workbench.store.evals import EvalResultRow

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def fresh_workbench(prefix: str) -> Workbench:
    home = Path(tempfile.mkdtemp(prefix=f"wb-{prefix}-"))
    return Workbench(Settings(home=home, chroma_url=None, database_url=None))


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def stored_eval_runs(
    home: Path, datasets: tuple[str, ...]
) -> list[tuple[str, str, dict[str, str]]]:
    """Every eval run stored in a home: (eval key, the dataset of ``datasets`` whose claim ids it
    holds, {claim id: result JSON}). No model call: what `workbench eval` kept."""
    ids = {
        name: {str(c["claim_id"]) for c in read_jsonl(SHARED / name / "claims.jsonl")}
        for name in datasets
    }
    db = Database(Settings(home=home).db_url)
    with db.transaction() as session:
        rows = session.execute(
            select(EvalResultRow.eval_key, EvalResultRow.claim_id, EvalResultRow.result_json)
        ).all()
    runs: dict[str, dict[str, str]] = {}
    for key, claim_id, result in rows:
        runs.setdefault(key, {})[claim_id] = result
    return [
        (key, max(datasets, key=lambda n: len(ids[n] & set(results))), results)
        for key, results in runs.items()
    ]

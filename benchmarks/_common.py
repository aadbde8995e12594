"""Shared helpers for the benchmark scripts: a fresh home, timing, machine facts."""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from workbench.services import Workbench
from workbench.settings import Settings

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

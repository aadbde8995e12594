"""Seconds to split and label the three sample articles into assertions (rules only, no model).

Goal (issue 3): well under a second per article; the limit used to be asserted by a test
(0.5 s per article), which made the test depend on the machine's speed. The figure is printed
with its ratio against that limit, never asserted.

    .venv/bin/python benchmarks/assertion_speed.py [--repeats N]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import machine, median

from workbench.check.assertions import extract_assertions
from workbench.records import Article, article_id

ARTICLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
NAMES = (
    "nato-dragone-briefing.txt",
    "nato-rutte-fatal-attack.txt",
    "rutte-devastating-reaction-analysis.txt",
)
LIMIT_S = 0.5  # per article


def _article(text: str) -> Article:
    return Article(
        article_id=article_id(text),
        title="t",
        source="bench",
        text=text,
        sha256="0" * 64,
        added_at=datetime(2025, 1, 1, tzinfo=UTC),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    articles = [_article((ARTICLES / name).read_text(encoding="utf-8")) for name in NAMES]
    started = time.perf_counter()
    extract_assertions(articles[0])  # the first call builds the sentence segmenter
    print(f"machine: {machine()}")
    print(f"first call (builds the segmenter): {time.perf_counter() - started:.3f} s")
    per_article: list[float] = []
    assertions = 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        assertions = sum(len(extract_assertions(article)) for article in articles)
        per_article.append((time.perf_counter() - started) / len(articles))
    typical, worst = median(per_article), max(per_article)
    print(f"{len(articles)} articles, {assertions} assertions, {args.repeats} repeats")
    print(f"seconds per article: median {typical:.3f}, max {worst:.3f} (limit {LIMIT_S} s)")
    print(f"ratio to the limit: median {typical / LIMIT_S:.3f}, max {worst / LIMIT_S:.3f}")


if __name__ == "__main__":
    main()

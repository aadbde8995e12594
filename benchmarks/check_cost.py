"""LLM calls, tokens and seconds per assertion when checking the sample articles.

Goals (issue 3): <= 2 calls and <= 1,500 tokens per verified assertion; >= 10 assertions
per minute on 2 cores; 0 calls on a cached re-check. Figures are printed, never asserted.

    .venv/bin/python benchmarks/check_cost.py [--articles N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from workbench.check.pipeline import Checker, article_from_file
from workbench.corpus.ingest import ingest
from workbench.services import Workbench
from workbench.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="wb-bench-check-"))
    wb = Workbench(
        Settings(home=home, local_model_path=os.environ.get("WORKBENCH_LOCAL_MODEL_PATH"))
    )
    try:
        ingest(wb, "sample", [ROOT / "samples" / "corpus" / "fm2-wikipedia-sample.jsonl"])
        started = time.perf_counter()
        print(f"model: {wb.llm.model_name} (server start {time.perf_counter() - started:.1f} s)")
        articles = sorted((ROOT / "samples" / "articles").glob("*.txt"))[: args.articles]
        totals = {"assertions": 0, "verified": 0, "calls": 0, "tokens": 0, "seconds": 0.0}
        print(f"{'article':45} {'assert.':>7} {'verified':>8} {'calls':>6} {'tokens':>7} {'s':>7}")
        for path in articles:
            article = article_from_file(path, 50 * 2**20)
            t = time.perf_counter()
            outcome = Checker(wb).check(article, "sample")
            seconds = time.perf_counter() - t
            verified = sum(1 for r in outcome.results if r.verdict is not None)
            calls = sum(r.usage.calls for r in outcome.results)
            tokens = sum(r.usage.prompt_tokens + r.usage.completion_tokens for r in outcome.results)
            print(
                f"{path.name:45} {len(outcome.results):7} {verified:8} {calls:6} {tokens:7} "
                f"{seconds:7.1f}"
            )
            for key, value in zip(
                totals, (len(outcome.results), verified, calls, tokens, seconds), strict=True
            ):
                totals[key] += value
            stages = outcome.run.seconds_by_stage
            print("   seconds by stage: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
        real_calls = []
        chat = wb.llm.llm.chat
        wb.llm.llm.chat = lambda *a, **k: real_calls.append(1) or chat(*a, **k)  # count real calls
        t = time.perf_counter()
        for path in articles:
            Checker(wb).check(article_from_file(path, 50 * 2**20), "sample")
        recheck_seconds = time.perf_counter() - t
        recheck_calls = len(real_calls)
        n, v = totals["assertions"], max(totals["verified"], 1)
        print()
        print(f"{'figure':42} {'value':>10} {'goal':>10}")
        print(f"{'LLM calls per verified assertion':42} {totals['calls'] / v:10.2f} {'<= 2':>10}")
        print(f"{'tokens per verified assertion':42} {totals['tokens'] / v:10.0f} {'<= 1500':>10}")
        print(
            f"{'assertions per minute (all)':42} {60 * n / totals['seconds']:10.1f} {'>= 10':>10}"
        )
        print(f"{'verified assertions per minute':42} {60 * v / totals['seconds']:10.1f} {'':>10}")
        print(f"{'seconds per verified assertion':42} {totals['seconds'] / v:10.2f} {'':>10}")
        print(f"{'calls on a cached re-check':42} {recheck_calls:10d} {'0':>10}")
        print(f"{'re-check seconds':42} {recheck_seconds:10.2f} {'':>10}")
    finally:
        wb.close()


if __name__ == "__main__":
    main()

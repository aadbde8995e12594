"""How well the verdict letter is scored, and whether per-letter offsets fitted on one half
of the dev claims help on the other half.

For each sampled claim: evidence from the same retrieval + rerank as `workbench check`
(claim as the only query, to keep this fast), then one verify call (one token, first-token
log-probabilities). Offsets b_B, b_C are added to log P(B), log P(C) before the argmax; they
are grid-searched for macro-F1 on the fit half and reported on the other half.

    .venv/bin/python benchmarks/label_calibration.py --dataset fm2 --limit 120
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import tempfile
from pathlib import Path

from workbench.check.evidence import retrieve_passages, select_sentences
from workbench.check.verify import LETTER_LABELS, format_sources, parse_label
from workbench.corpus.ingest import ingest
from workbench.evaluate import DATASET_LABELS
from workbench.llm.prompts import load_prompt
from workbench.metrics import macro_f1
from workbench.services import Workbench
from workbench.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def predict(probs: dict[str, float], b_b: float, b_c: float) -> str:
    scored = {
        "A": math.log(max(probs["A"], 1e-9)),
        "B": math.log(max(probs["B"], 1e-9)) + b_b,
        "C": math.log(max(probs["C"], 1e-9)) + b_c,
    }
    return LETTER_LABELS[max(scored, key=lambda k: scored[k])].value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="fm2")
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = SHARED / args.dataset
    claims = [json.loads(line) for line in (folder / "claims.jsonl").open()]
    claims = [c for c in claims if c["label"] != "CONFLICTING"]
    random.Random(args.seed).shuffle(claims)
    claims = claims[: args.limit]
    home = Path(os.environ.get("BENCH_HOME") or tempfile.mkdtemp(prefix="wb-calib-"))
    wb = Workbench(Settings(home=home))
    prompt = load_prompt("verify")
    rows: list[tuple[str, dict[str, float]]] = []
    try:
        corpus = f"eval-{args.dataset}"
        ingest(wb, corpus, [folder / "corpus.jsonl"])
        for claim in claims:
            text = " ".join(claim["claim"].split())
            hits = retrieve_passages(wb.searcher, corpus, [text])
            evidence = select_sentences(wb.embeddings, text, hits).evidence
            messages = prompt.render(claim=text, sources=format_sources(evidence))
            reply, _ = wb.llm.chat(messages, max_tokens=1, top_logprobs=20)
            probs, _ = parse_label(reply)
            rows.append((DATASET_LABELS[claim["label"]].value, probs))
    finally:
        wb.close()
    half = len(rows) // 2
    fit, test = rows[:half], rows[half:]
    grid = [x / 4 for x in range(-12, 13)]
    best = max(
        ((b, c) for b in grid for c in grid),
        key=lambda bc: (macro_f1([(g, predict(p, *bc)) for g, p in fit]), -abs(bc[0]) - abs(bc[1])),
    )
    for name, part in (("fit", fit), ("test", test)):
        raw = [(g, predict(p, 0, 0)) for g, p in part]
        cal = [(g, predict(p, *best)) for g, p in part]
        acc_raw = sum(g == p for g, p in raw) / len(raw)
        acc_cal = sum(g == p for g, p in cal) / len(cal)
        print(
            f"{args.dataset} {name:4} n={len(part):3}  raw acc {acc_raw:.3f} F1 {macro_f1(raw):.3f}"
            f"  calibrated acc {acc_cal:.3f} F1 {macro_f1(cal):.3f}"
        )
    print(f"offsets (log P): B {best[0]:+.2f}, C {best[1]:+.2f}")
    predicted = [predict(p, 0, 0) for _, p in rows]
    print("raw predictions:", {k: predicted.count(k) for k in sorted(set(predicted))})
    print(
        "gold labels:    ", {k: [g for g, _ in rows].count(k) for k in sorted({g for g, _ in rows})}
    )


if __name__ == "__main__":
    main()

"""Label calibration from stored eval results: would per-letter offsets help, out of sample?

`workbench eval` stores each claim's letter probabilities (P(A) true, P(B) false, P(C) not
said). This script reads them back from a WORKBENCH_HOME and, without any new LLM call,
fits offsets b_B, b_C (added to log P(B), log P(C) before the argmax; the CONFLICTING rule
unchanged) by grid search for macro-F1, then scores them leave-one-dataset-out: fitted on
three datasets, measured on the fourth. Tuning is on whole datasets, never on single claims.

    WORKBENCH_HOME=/path/to/eval/home .venv/bin/python benchmarks/verdict_calibration.py
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from _common import stored_eval_runs

from workbench.check.pipeline import EMBEDDED_OFFSETS
from workbench.check.verify import label_from_probabilities
from workbench.evaluate import ClaimOutcome
from workbench.metrics import accuracy, macro_f1
from workbench.records import Label

DATASETS = ("fm2", "scifact", "climate_fever", "averitec")
GRID = [round(x * 0.25, 2) for x in range(-4, 13)]  # -1.0 .. 3.0


def predict(outcome: ClaimOutcome, b_b: float, b_c: float) -> Label:
    """The label the chain would give with these offsets (its own rule, CONFLICTING included)."""
    if not outcome.label_scores:  # settled without the model (no evidence, or the coverage rule)
        return outcome.predicted
    return label_from_probabilities(outcome.label_scores, {"B": b_b, "C": b_c})[0]


def metrics(outcomes: list[ClaimOutcome], b_b: float, b_c: float) -> tuple[float, float]:
    return scores([(o.gold, predict(o, b_b, b_c)) for o in outcomes])


def scores(pairs: list[tuple[Label, Label]]) -> tuple[float, float]:
    """Accuracy and macro-F1 (over gold and predicted labels: workbench/metrics.py)."""
    return accuracy(pairs), macro_f1(pairs)


def fit(outcomes: list[ClaimOutcome]) -> tuple[float, float]:
    return max(itertools.product(GRID, GRID), key=lambda b: metrics(outcomes, *b)[1])


def load(home: Path) -> dict[str, list[ClaimOutcome]]:
    """Stored outcomes per dataset: each eval run (eval key) is matched to the dataset whose
    claim ids it holds; when a dataset was evaluated more than once, the largest run counts."""
    by_dataset: dict[str, list[ClaimOutcome]] = {}
    for _, name, results in stored_eval_runs(home, DATASETS):
        outcomes = [ClaimOutcome.model_validate_json(r) for r in results.values()]
        settled_by_rule = sum(1 for o in outcomes if not o.label_scores)
        current = by_dataset.get(name, [])
        # the largest run; on a tie the newer chain (it settles some claims by rule)
        if (len(outcomes), settled_by_rule) > (
            len(current),
            sum(not o.label_scores for o in current),
        ):
            by_dataset[name] = outcomes
    return by_dataset


def _rank(outcomes: list[ClaimOutcome]) -> tuple[int, int]:
    return len(outcomes), sum(1 for o in outcomes if not o.label_scores)


def two_fold(outcomes: list[ClaimOutcome]) -> tuple[float, float]:
    """Accuracy and macro-F1 with offsets fitted on one half and applied to the other."""
    ordered = sorted(outcomes, key=lambda o: o.claim_id)
    halves = (ordered[0::2], ordered[1::2])
    predicted = []
    for fit_half, test_half in (halves, halves[::-1]):
        b_b, b_c = fit(fit_half)
        predicted += [(o, b_b, b_c) for o in test_half]
    return scores([(o.gold, predict(o, b, c)) for o, b, c in predicted])


def main() -> None:
    home = Path(os.environ.get("WORKBENCH_HOME", "."))
    data = load(home)
    print(f"claims per dataset: { {k: len(v) for k, v in data.items()} }")
    header = ("held-out", "offsets (B, C)", "acc raw", "acc cal", "F1 raw", "F1 cal")
    print("{:14} {:>15} {:>8} {:>8} {:>7} {:>7}".format(*header))
    for held_out in data:
        train = [o for name, outs in data.items() if name != held_out for o in outs]
        if not train:
            continue
        b_b, b_c = fit(train)
        raw_acc, raw_f1 = metrics(data[held_out], 0.0, 0.0)
        cal_acc, cal_f1 = metrics(data[held_out], b_b, b_c)
        print(
            f"{held_out:14} {f'({b_b:+.2f}, {b_c:+.2f})':>15} {raw_acc:8.3f} {cal_acc:8.3f} "
            f"{raw_f1:7.3f} {cal_f1:7.3f}"
        )
    print("2-fold within each dataset (fit on one half, score the other):")
    for name, outcomes in data.items():
        raw_acc, raw_f1 = metrics(outcomes, 0.0, 0.0)
        acc, f1 = two_fold(outcomes)
        print(f"  {name:14} acc {raw_acc:.3f} -> {acc:.3f}   macro-F1 {raw_f1:.3f} -> {f1:.3f}")
    if "fm2" in data:
        b_b, b_c = fit(data["fm2"])
        print(f"fitted on FM2 only: B {b_b:+.2f}, C {b_c:+.2f}; applied to the others:")
        for name, outcomes in data.items():
            if name != "fm2":
                raw, cal = metrics(outcomes, 0.0, 0.0), metrics(outcomes, b_b, b_c)
                acc, f1 = f"{raw[0]:.3f} -> {cal[0]:.3f}", f"{raw[1]:.3f} -> {cal[1]:.3f}"
                print(f"  {name:14} acc {acc}   F1 {f1}")
    shipped = EMBEDDED_OFFSETS["B"], EMBEDDED_OFFSETS["C"]
    print(f"the shipped default for the embedded model: B {shipped[0]:+.2f}, C {shipped[1]:+.2f}")
    for name, outcomes in data.items():
        raw, cal = metrics(outcomes, 0.0, 0.0), metrics(outcomes, *shipped)
        print(f"  {name:14} acc {raw[0]:.3f} -> {cal[0]:.3f}   F1 {raw[1]:.3f} -> {cal[1]:.3f}")
    everything = [o for outs in data.values() for o in outs]
    print(f"offsets fitted on all: {json.dumps(fit(everything))}")


if __name__ == "__main__":
    main()

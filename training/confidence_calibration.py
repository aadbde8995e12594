"""Can the verdict confidence mean "probability this verdict is right"? (development only)

    .venv/bin/pip install -e '.[train]'     # scikit-learn, for this script only
    WORKBENCH_HOME=<eval home> .venv/bin/python training/confidence_calibration.py \
        --run fm2=KEY --run scifact=KEY ...   [--write VARIANT]

Reads the per-claim outcomes that `workbench eval` stored (no model call): the chain's label,
its confidence, the letter probabilities P(A) true, P(B) false, P(C) not said, and whether a
rule settled the claim without the model. Each variant maps those to P(correct) with a logistic
regression and is scored leave one dataset out: fitted on the other sets, ECE (10 equal-width
bins, workbench.metrics) measured on the held-out one, beside the raw confidence's ECE, and the
share of verdicts at or above the card's "check this yourself" line (0.5) with their accuracy.
`--write` fits the variant on every set given and writes workbench/check/confidence_weights.json.

Without --run, the largest stored run of each dataset is used (say which with --run when a
dataset was evaluated more than once; the script lists every stored run).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _common import stored_eval_runs

from workbench.check.verify import CHECK_YOURSELF_BELOW
from workbench.evaluate import ClaimOutcome
from workbench.metrics import expected_calibration_error
from workbench.records import Label

DATASETS = ("fm2", "scifact", "climate_fever", "averitec")
WEIGHTS = Path(__file__).resolve().parents[1] / "workbench" / "check" / "confidence_weights.json"
LABELS = (Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_EVIDENCE, Label.CONFLICTING)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features_rule(o: ClaimOutcome) -> list[float]:
    """The chain's own confidence (as a logit) and whether a rule settled the claim."""
    ruled = not o.label_scores
    return [0.0 if ruled else _logit(o.confidence), float(ruled)]


def features_letters(o: ClaimOutcome) -> list[float]:
    """As above, plus the three letter log-probabilities and the label given."""
    scores = o.label_scores or {}
    letters = [math.log(max(scores.get(k, 0.0), 1e-4)) if scores else 0.0 for k in "ABC"]
    return features_rule(o) + letters + [float(o.predicted == label) for label in LABELS]


VARIANTS: dict[str, Callable[[ClaimOutcome], list[float]]] = {
    "confidence + rule flag": features_rule,
    "+ letter log-probabilities + label": features_letters,
}


def load(home: Path, chosen: dict[str, str]) -> dict[str, list[ClaimOutcome]]:
    by_dataset: dict[str, tuple[str, list[ClaimOutcome]]] = {}
    for key, name, results in stored_eval_runs(home, DATASETS):
        outcomes = [ClaimOutcome.model_validate_json(r) for r in results.values()]
        right = sum(o.predicted == o.gold for o in outcomes) / len(outcomes)
        print(f"stored run {key}: {name}, {len(outcomes)} claims, accuracy {right:.3f}")
        if name in chosen:
            if chosen[name] == key:
                by_dataset[name] = (key, outcomes)
        elif len(outcomes) > len(by_dataset.get(name, ("", []))[1]):
            by_dataset[name] = (key, outcomes)
    return {name: outcomes for name, (_, outcomes) in by_dataset.items()}


def fit(features: Callable[[ClaimOutcome], list[float]], outcomes: list[ClaimOutcome]):  # type: ignore[no-untyped-def]
    x = np.array([features(o) for o in outcomes])
    y = np.array([o.predicted == o.gold for o in outcomes], dtype=int)
    return LogisticRegression(C=1.0, max_iter=1000).fit(x, y)


def scored(outcomes: list[ClaimOutcome], confidences: list[float]) -> tuple[float, float, float]:
    """ECE, share at or above the check-yourself line, and accuracy of that share."""
    right = [o.predicted == o.gold for o in outcomes]
    ece = expected_calibration_error(confidences, right)
    above = [r for c, r in zip(confidences, right, strict=True) if c >= CHECK_YOURSELF_BELOW]
    share = len(above) / len(outcomes)
    return ece, share, (sum(above) / len(above)) if above else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", action="append", default=[], help="DATASET=EVAL_KEY")
    parser.add_argument("--write", choices=list(VARIANTS), help="fit on all sets and ship it")
    args = parser.parse_args()
    chosen = dict(item.split("=", 1) for item in args.run)
    data = load(Path(os.environ.get("WORKBENCH_HOME", ".")), chosen)
    print(f"claims per dataset: { {k: len(v) for k, v in data.items()} }")
    print(f"{'held out':14} {'variant':36} {'ECE':>6} {'>=0.5':>6} {'acc':>6}")
    for held_out, outcomes in data.items():
        raw = scored(outcomes, [o.confidence for o in outcomes])
        print(f"{held_out:14} {'raw confidence':36} {raw[0]:6.3f} {raw[1]:6.2f} {raw[2]:6.3f}")
        train = [o for name, outs in data.items() if name != held_out for o in outs]
        base_rate = sum(o.predicted == o.gold for o in train) / len(train)
        flat = scored(outcomes, [base_rate] * len(outcomes))
        flat_name = "the others' accuracy, every verdict"
        print(f"{'':14} {flat_name:36} {flat[0]:6.3f} {flat[1]:6.2f} {flat[2]:6.3f}")
        for variant, features in VARIANTS.items():
            model = fit(features, train)
            probs = model.predict_proba(np.array([features(o) for o in outcomes]))[:, 1]
            ece, share, acc = scored(outcomes, probs.tolist())
            print(f"{'':14} {variant:36} {ece:6.3f} {share:6.2f} {acc:6.3f}")
    if args.write:
        features = VARIANTS[args.write]
        everything = [o for outs in data.values() for o in outs]
        model = fit(features, everything)
        WEIGHTS.write_text(
            json.dumps(
                {
                    "variant": args.write,
                    "fitted_on": {name: len(outs) for name, outs in data.items()},
                    "fitted_at": datetime.now(UTC).date().isoformat(),
                    "coef": [round(float(c), 6) for c in model.coef_[0]],
                    "intercept": round(float(model.intercept_[0]), 6),
                },
                indent=2,
            )
            + "\n"
        )
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()

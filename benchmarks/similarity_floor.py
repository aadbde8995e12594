"""Where to put the similarity floor: the closest evidence sentence's similarity per claim.

Replays the evidence of a finished eval (WORKBENCH_HOME, same sample; no model) and reports,
per dataset, the lowest top-sentence similarities and what a floor would do to the stored
verdicts (a decided verdict whose best sentence is below it becomes NOT_ENOUGH_EVIDENCE).

    WORKBENCH_HOME=/path/to/eval/home .venv/bin/python benchmarks/similarity_floor.py \
        --dataset fm2 --dataset scifact [--limit 100] [--seed 42]
"""

from __future__ import annotations

from _replay import eval_home, replay, replay_arguments
from verdict_calibration import load, scores

from workbench.check.evidence import select_sentences
from workbench.records import Label

FLOORS = (0.30, 0.35, 0.40, 0.45)
DECIDED = (Label.SUPPORTED, Label.REFUTED)


def main() -> None:
    args = replay_arguments(__doc__).parse_args()
    home, wb = eval_home()
    stored = load(home)
    try:
        for name in args.dataset:
            outcome = {o.claim_id: o for o in stored[name]}
            rows: list[tuple[float, Label, Label]] = []  # (top similarity, gold, predicted)
            for replayed in replay(wb, name, args.limit, args.seed):
                evidence = select_sentences(wb.embeddings, replayed.text, replayed.hits).evidence
                stored_outcome = outcome[str(replayed.claim["claim_id"])]
                top = max((s.score for s in evidence), default=0.0)
                rows.append((top, stored_outcome.gold, stored_outcome.predicted))
            tops = sorted(top for top, _, _ in rows)
            print(f"\n{name}: {len(rows)} claims; lowest top similarities {tops[:5]}")
            accuracy, f1 = scores([(gold, predicted) for _, gold, predicted in rows])
            print(f"  no floor    accuracy {accuracy:.3f}  macro-F1 {f1:.3f}")
            for floor in FLOORS:
                pairs = [
                    (gold, Label.NOT_ENOUGH_EVIDENCE if top < floor and p in DECIDED else p)
                    for top, gold, p in rows
                ]
                settled = sum(1 for top, _, p in rows if top < floor and p in DECIDED)
                accuracy, f1 = scores(pairs)
                print(
                    f"  floor {floor:.2f}  accuracy {accuracy:.3f}  macro-F1 {f1:.3f}"
                    f"  verdicts changed {settled}"
                )
    finally:
        wb.close()


if __name__ == "__main__":
    main()

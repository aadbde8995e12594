"""What the verify prompt is shown: the chain's 6 sentences, fewer, or the gold sentences.

DESIGN.md measured the embedded model at 0.713 accuracy on FM2 given the gold evidence
sentences; the chain, judging from 6 retrieved sentences, scores about 0.51 raw. This
script asks the verdict letter again for the same claims (an eval home's sample: questions
and the 6-sentence verdicts come from its reply cache) with the top k retrieved sentences
and with the gold sentences alone, and scores each raw and with the shipped offsets. Only
the verdict letter is asked (one token), not the explanation.

    WORKBENCH_HOME=/path/to/eval/home WORKBENCH_LOCAL_MODEL_PATH=... \
        .venv/bin/python benchmarks/verify_context.py --dataset fm2 [--limit 100] [--k 6 --k 3]
"""

from __future__ import annotations

from _common import machine
from _replay import ReplayedClaim, eval_home, replay, replay_arguments
from verdict_calibration import scores

from workbench.check.coverage import rule_verdict
from workbench.check.evidence import select_sentences
from workbench.check.pipeline import EMBEDDED_OFFSETS
from workbench.check.replies import call_with_retries
from workbench.check.verify import format_sources, label_from_probabilities, parse_label
from workbench.llm.embeddings import embeddings_id
from workbench.llm.prompts import load_prompt
from workbench.records import EvidenceSentence, Label, LLMUsage
from workbench.services import Workbench
from workbench.store import catalog


def gold_evidence(wb: Workbench, name: str, replayed: ReplayedClaim) -> list[EvidenceSentence]:
    """The claim's gold evidence sentences, numbered as the chain numbers its own."""
    out: list[EvidenceSentence] = []
    with wb.db.transaction() as session:
        for number, (doc_id, start, end) in enumerate(replayed.gold_spans, 1):
            document = catalog.get_document(session, f"eval-{name}", doc_id)
            if document is None:
                continue
            out.append(
                EvidenceSentence(
                    number=number,
                    passage_id="gold",
                    doc_id=doc_id,
                    doc_sha256=document.sha256,
                    title=document.title,
                    source=document.source,
                    start=start,
                    end=end,
                    text=document.text[start:end],
                    score=1.0,
                )
            )
    return out


def letter_label(
    wb: Workbench, claim: str, evidence: list[EvidenceSentence], offsets: dict[str, float]
) -> Label:
    """The chain's verdict label for this evidence (its rules, then the letter)."""
    if not evidence or rule_verdict(claim, evidence, embeddings_id(wb.embeddings)):
        return Label.NOT_ENOUGH_EVIDENCE
    messages = load_prompt("verify").render(claim=claim, sources=format_sources(evidence))
    scored, _, _ = call_with_retries(
        wb.llm, messages, parse_label, LLMUsage(), max_tokens=1, top_logprobs=20
    )
    if scored is None:
        return Label.NOT_ENOUGH_EVIDENCE
    return label_from_probabilities(scored[0], offsets)[0]


def main() -> None:
    parser = replay_arguments(__doc__)
    parser.add_argument("--k", type=int, action="append", help="sentences shown; default 6, 3")
    args = parser.parse_args()
    ks = args.k or [6, 3]
    home, wb = eval_home()
    offsets = {"raw": {}, "shipped": dict(EMBEDDED_OFFSETS)}
    print(f"verdict by what the prompt shows ({machine()}), home {home}")
    try:
        for name in args.dataset:
            pairs: dict[tuple[str, str], list[tuple[Label, Label]]] = {}
            for replayed in replay(wb, name, args.limit, args.seed):
                variants = {
                    f"top {k}": list(
                        select_sentences(wb.embeddings, replayed.text, replayed.hits, k).evidence
                    )
                    for k in ks
                }
                if replayed.gold_spans:
                    variants["gold sentences only"] = gold_evidence(wb, name, replayed)
                    for k in ks:  # the same claims, for a fair comparison with gold
                        variants[f"top {k}, claims with gold"] = variants[f"top {k}"]
                for variant, evidence in variants.items():
                    for how, offset in offsets.items():
                        label = letter_label(wb, replayed.text, evidence, offset)
                        pairs.setdefault((variant, how), []).append((replayed.gold, label))
            print(f"\n{name}")
            print(f"  {'shown':28} {'n':>4} {'acc raw':>8} {'F1 raw':>7} {'acc B+.5':>8} {'F1':>6}")
            for variant in dict.fromkeys(v for v, _ in pairs):
                raw, shipped = pairs[(variant, "raw")], pairs[(variant, "shipped")]
                (acc_r, f1_r), (acc_s, f1_s) = scores(raw), scores(shipped)
                print(
                    f"  {variant:28} {len(raw):4} {acc_r:8.3f} {f1_r:7.3f} {acc_s:8.3f} {f1_s:6.3f}"
                )
    finally:
        wb.close()


if __name__ == "__main__":
    main()

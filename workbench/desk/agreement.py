"""How far two blind reviewers agree: Cohen's kappa per reviewer pair and per run.

Each item is one verdict both reviewers voted on, in the first round they both voted in
(their independent judgement; a later round, after a send-back, follows a look at each
other's votes). A vote counts as the label it leaves the verdict with: the machine's label
when accepted, the reviewer's when edited, REJECTED when rejected.

kappa = (p_o - p_e) / (1 - p_e), with p_o the share of items on which the two give the same
label and p_e the agreement expected by chance from each reviewer's own label shares. When
both reviewers gave one and the same label to every item, p_e = 1 and kappa is undefined:
it is returned as None (observed and expected agreement are both 1.0), never a division by
zero. With no item at all every figure is None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from workbench.desk.blind_votes import first_agreement_pair
from workbench.records import BlindVote, Record
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import blind, reviews


class Agreement(Record):
    n: int  # verdicts both reviewers decided
    observed: float | None  # p_o
    expected: float | None  # p_e
    kappa: float | None  # None: no items, or a single label throughout (p_e = 1)
    labels: tuple[str, ...] = ()  # the labels either reviewer used


class PairAgreement(Record):
    reviewers: tuple[str, str]  # rater A, rater B (A first by name)
    runs: tuple[str, ...]
    agreement: Agreement


class RunAgreement(Record):
    run_id: str
    article_title: str
    reviewers: tuple[str, str]
    agreement: Agreement


def cohen_kappa(items: Sequence[tuple[str, str]]) -> Agreement:
    """Cohen's kappa of rater A's and rater B's labels, one (a, b) pair per item."""
    n = len(items)
    if n == 0:
        return Agreement(n=0, observed=None, expected=None, kappa=None)
    first, second = Counter(a for a, _ in items), Counter(b for _, b in items)
    labels = tuple(sorted(set(first) | set(second)))
    same = sum(1 for a, b in items if a == b)
    # In whole numbers first, so the single-label case is caught exactly.
    chance = sum(first[label] * second[label] for label in labels)
    observed, expected = same / n, chance / (n * n)
    kappa = None if chance == n * n else (observed - expected) / (1 - expected)
    return Agreement(n=n, observed=observed, expected=expected, kappa=kappa, labels=labels)


def _ordered(a: BlindVote, b: BlindVote) -> tuple[BlindVote, BlindVote]:
    """Rater A is the reviewer first by name, so each pair's items line up."""
    return (a, b) if a.reviewer.casefold() <= b.reviewer.casefold() else (b, a)


def voted_pairs(wb: Workbench, run_id: str | None = None) -> list[tuple[str, BlindVote, BlindVote]]:
    """(run, rater A's vote, rater B's vote) for every verdict both blind reviewers
    decided, of one run or all of them."""
    found = []
    with wb.db.transaction() as session:
        runs = [b.run_id for b in blind.all_blind(session) if run_id in (None, b.run_id)]
        for blind_run_id in runs:
            by_assertion: dict[str, list] = {}  # type: ignore[type-arg]
            for event in reviews.events_for(session, blind_run_id):
                by_assertion.setdefault(event.assertion_id, []).append(event)
            for events in by_assertion.values():
                pair = first_agreement_pair(events)
                if pair is not None:
                    found.append((blind_run_id, *_ordered(*pair)))
    return found


def by_pair(wb: Workbench, run_id: str | None = None) -> list[PairAgreement]:
    grouped: dict[tuple[str, str], list[tuple[str, BlindVote, BlindVote]]] = {}
    for run, a, b in voted_pairs(wb, run_id):
        key = (a.reviewer.casefold(), b.reviewer.casefold())
        grouped.setdefault(key, []).append((run, a, b))
    return [
        PairAgreement(
            reviewers=(items[0][1].reviewer, items[0][2].reviewer),
            runs=tuple(dict.fromkeys(run for run, _, _ in items)),
            agreement=cohen_kappa([(a.label, b.label) for _, a, b in items]),
        )
        for _, items in sorted(grouped.items())
    ]


def by_run(wb: Workbench, run_id: str | None = None) -> list[RunAgreement]:
    service = ReviewService(wb)
    pairs = voted_pairs(wb, run_id)
    with wb.db.transaction() as session:
        blind_runs = [b for b in blind.all_blind(session) if run_id in (None, b.run_id)]
    made = []
    for blind_run in blind_runs:
        items = [(a.label, b.label) for run, a, b in pairs if run == blind_run.run_id]
        article = service.article(service.run(blind_run.run_id).article_id)
        made.append(
            RunAgreement(
                run_id=blind_run.run_id,
                article_title=article.title,
                reviewers=blind_run.reviewers,
                agreement=cohen_kappa(items),
            )
        )
    return made

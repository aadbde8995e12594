"""Agreement (editors, team mode): how far blind reviewers agree, as Cohen's kappa per
reviewer pair and per run, with the figures it is made of."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action, require
from workbench.desk.agreement import Agreement, by_pair, by_run
from workbench.ui.services import signed_in, workbench


def figures(found: Agreement) -> dict[str, object]:
    """One table row's numbers: kappa (None where undefined) first, then n, p_o and p_e.
    Kappa leads: a table wider than the screen hides its last columns."""
    return {
        "kappa": found.kappa,
        "verdicts both decided": found.n,
        "observed agreement": found.observed,
        "expected by chance": found.expected,
    }


st.title("Agreement")
try:
    require(signed_in(), Action.RESOLVE)  # not in a reviewer's navigation; checked here too
except AccessDenied as exc:
    st.error(str(exc))
    st.stop()
wb = workbench()
st.caption(
    "Cohen's kappa of the two reviewers of each run under blind double review, over the "
    "verdicts both decided (their first round): each vote counts as the label it leaves, the "
    "machine's when accepted, the reviewer's when edited, REJECTED when rejected. 1 is full "
    "agreement, 0 what chance gives. Where both gave every verdict one and the same label, "
    "chance agreement is 1 and kappa is undefined (empty)."
)
runs = by_run(wb)
if not runs:
    st.info("No run is under blind double review: switch it on for a run on the Review screen.")
    st.stop()
st.subheader("Per reviewer pair")
st.dataframe(
    [
        {"reviewers": " & ".join(p.reviewers), "runs": len(p.runs), **figures(p.agreement)}
        for p in by_pair(wb)
    ],
    hide_index=True,
    width="stretch",
    key="agreement.pairs",
)
st.subheader("Per run")
st.dataframe(
    [
        # The figures before the article: a long title would push kappa out of sight.
        {
            "reviewers": " & ".join(r.reviewers),
            **figures(r.agreement),
            "article": r.article_title,
            "run": r.run_id,
        }
        for r in runs
    ],
    hide_index=True,
    width="stretch",
    column_config={"article": st.column_config.TextColumn(width="medium")},  # titles run long
    key="agreement.runs",
)

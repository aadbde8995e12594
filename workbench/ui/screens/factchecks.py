"""Fact-checks: the archive of verdicts reviewed here and fact-checks imported from files;
search it, see who checked each claim, when, and where the entry came from; import more."""

from __future__ import annotations

import streamlit as st

from workbench.factchecks.archive import (
    archive_size,
    list_factchecks,
    search_factchecks,
    stale_reasons,
)
from workbench.factchecks.importer import import_uploads
from workbench.records import FactCheck, ImportReport
from workbench.ui.services import LABEL_COLOURS, badge, esc, html, label_words, link, workbench

SHOWN = 50


def card(fc: FactCheck, stale: tuple[str, ...] = ()) -> str:
    label = fc.label.value if fc.label else None
    colour, _ = LABEL_COLOURS[label]
    who = " · ".join(
        part
        for part in (
            esc(fc.reviewer_or_publisher),
            fc.date.isoformat() if fc.date else "",
            link(fc.url),
        )
        if part
    )
    rationale = f'<div class="wb-ev">{esc(fc.rationale[:600])}</div>' if fc.rationale else ""
    return (
        f'<div class="wb-claim">{esc(fc.claim)}</div>'
        f"<div>{badge(label_words(label, 'no label'), 'wb-label', colour)}"
        f"{badge('rating: ' + fc.rating)}"
        + (badge(f"claimed by {fc.claimant}") if fc.claimant else "")
        + (badge("⚠ stale", "wb-flag") if stale else "")
        + f"</div>{rationale}"
        + "".join(f'<div class="wb-muted">Stale: {esc(reason)}</div>' for reason in stale)
        + f'<div class="wb-src">{who}</div>'
        f'<div class="wb-muted">{esc(fc.origin.describe())} · {esc(fc.id)}</div>'
    )


def show_report(report: ImportReport) -> None:
    st.success(
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.failed)} failed"
    )
    for p in report.failed:
        st.warning(f"failed: {p.file}" + (f" line {p.line}" if p.line else "") + f": {p.reason}")
    if report.warnings:
        st.info(
            "Kept, with something left out:\n\n"
            + "\n".join(f"- {p.file} line {p.line}: {p.reason}" for p in report.warnings)
        )


wb = workbench()
st.title("Fact-checks")
with st.expander("Import fact-checks", expanded=archive_size(wb) == 0):
    uploads = st.file_uploader(
        "ClaimReview JSON-LD (one object, a list, or one per line) or JSON Lines "
        '{"claim", "rating", "url", "title", "date", "publisher"}',
        accept_multiple_files=True,
        key="factchecks.uploads",
    )
    if st.button("Import", type="primary", key="factchecks.import", disabled=not uploads):
        show_report(import_uploads(wb, [(u.name, u.getvalue()) for u in uploads or []]))

total = archive_size(wb)
st.caption(
    f"{total} fact-checks. Verdicts accepted or edited in Review enter by themselves and "
    "leave when rejected; the same file imported twice adds nothing."
)
query = st.text_input(
    "Search", key="factchecks.query", placeholder="words of the claim, title, rating or rationale"
)
if query.strip():
    found = search_factchecks(wb, query, SHOWN)
    st.markdown(
        f"**{len(found)} found**" + (f" (the first {SHOWN})" if len(found) == SHOWN else "")
    )
else:
    found = list_factchecks(wb, SHOWN)
    st.markdown(f"**Newest {len(found)} of {total}**" if found else "The archive is empty.")
stale = stale_reasons(wb, found)
for fc in found:
    with st.container(border=True, key=f"factchecks.card.{fc.id}"):
        html(card(fc, stale.get(fc.id, ())))

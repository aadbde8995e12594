"""Report -> PDF with fpdf2 (pure Python). Unicode text needs a TTF font: DejaVu Sans from
Debian's fonts-dejavu-core when present; otherwise the core Helvetica font, with characters
outside Latin-1 replaced (the report says so on its first page)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from workbench.export.html_export import LABEL_COLOURS
from workbench.export.report import Report, ReportRow, when

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_GREY = (95, 99, 104)


class _Pdf(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(format="A4")
        self.report = report
        self.unicode = (DEJAVU / "DejaVuSans.ttf").exists() and (
            DEJAVU / "DejaVuSans-Bold.ttf"
        ).exists()
        if self.unicode:
            self.add_font("Body", "", str(DEJAVU / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
            self.family = "Body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"Fact-check report: {report.title}")
        self.set_creator("workbench")

    def text_of(self, text: str) -> str:
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*_GREY)
        self.cell(
            0,
            5,
            self.text_of(f"{self.report.title} · run {self.report.run_id} · page {self.page_no()}"),
            align="C",
        )

    def para(
        self, text: str, size: float = 10, bold: bool = False, colour=(29, 29, 31), gap: float = 1.5
    ) -> None:  # type: ignore[no-untyped-def]
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _row(pdf: _Pdf, row: ReportRow) -> None:
    pdf.para(f"{row.number}. {row.text}", size=11, bold=True, gap=0.5)
    who = row.attribution + (f": {row.attributed_to}" if row.attributed_to else "")
    pdf.para(f"{row.kind} · {who} · characters {row.start}-{row.end}", size=8, colour=_GREY, gap=1)
    if not row.verified:
        pdf.para("Not verified (opinion or prediction).", size=9, colour=_GREY, gap=4)
        return
    confidence = f"{row.confidence:.2f}" if row.confidence is not None else "n/a"
    status = row.status.value + (
        f" by {row.reviewer}, {when(row.reviewed_at)}" if row.reviewer and row.reviewed_at else ""
    )
    pdf.para(
        f"{row.label} (confidence {confidence}) · review: {status}",
        size=10,
        bold=True,
        colour=_hex(LABEL_COLOURS.get(row.label or "", "#5f6368")),
        gap=1,
    )
    if row.machine_label and row.machine_label != row.label:
        pdf.para(
            f"The model said {row.machine_label}; the reviewer changed it.", size=9, colour=_GREY
        )
    if row.questions:
        pdf.para("Questions: " + "; ".join(row.questions), size=9, colour=_GREY)
    pdf.para(row.rationale, size=10)
    for c in row.citations:
        pdf.set_x(pdf.l_margin + 5)
        pdf.para(f"“{c.quote}”", size=9.5, gap=0.3)
        pdf.para(
            f"     {c.title} · {c.source} · characters {c.start}-{c.end}", size=8, colour=_GREY
        )
    for reason in row.review_reasons:
        pdf.para(f"Flag: {reason}", size=8.5, colour=(140, 29, 24))
    for note in row.notes:
        pdf.para(
            f"Note by {note.reviewer} ({when(note.at)}): {note.text}",
            size=9,
            colour=_GREY,
        )
    pdf.ln(3)


def to_pdf(report: Report) -> bytes:
    pdf = _Pdf(report)
    pdf.add_page()
    pdf.para(f"Fact-check report: {report.title}", size=17, bold=True, gap=2)
    meta = [
        f"Article: {report.source} ({report.article_id})",
        f"Run {report.run_id}, checked {when(report.checked_at)}",
        f"Corpus {report.corpus} (state {report.corpus_state})",
        f"Model {report.model}; prompts {', '.join(report.prompt_versions)}",
        f"Generated {when(report.generated_at)}",
    ]
    if not pdf.unicode:
        meta.append(
            "Font: Helvetica (install fonts-dejavu-core for full Unicode); "
            "'?' marks characters it lacks."
        )
    for line in meta:
        pdf.para(line, size=8.5, colour=_GREY, gap=0.5)
    pdf.ln(4)
    for row in report.rows:
        _row(pdf, row)
    pdf.para("Summary", size=12, bold=True)
    pdf.para(
        "Labels: " + ", ".join(f"{k} {n}" for k, n in report.counts_by_label.items()), size=9.5
    )
    pdf.para(
        "Review: " + ", ".join(f"{k} {n}" for k, n in report.counts_by_status.items()), size=9.5
    )
    return bytes(pdf.output())

"""Report -> PDF with fpdf2 (pure Python). Unicode text needs a TTF font: DejaVu Sans from
Debian's fonts-dejavu-core when present; otherwise the core Helvetica font, with characters
outside Latin-1 replaced (the report says so on its first page)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from workbench.export.report import Report, when
from workbench.export.rows import ShownRow, draft_banner, shown_row, title

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
Colour = tuple[int, int, int]
_INK: Colour = (29, 29, 31)
_GREY: Colour = (95, 99, 104)
_RED: Colour = (140, 29, 24)
# Typography that Helvetica's Latin-1 lacks, in plain letters rather than "?".
_PLAIN = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def _hex(colour: str) -> Colour:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


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
        self.alias_nb_pages()  # "{nb}" in the footer becomes the page count
        self.set_title(title(report))
        self.set_creator("workbench")

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")

    def fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` in the current font."""
        text, ellipsis = self.text_of(text), self.text_of("…")
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text.rstrip() + ellipsis

    def footer(self) -> None:
        # Within the margins whatever the title's length: the title gives way, never the
        # run id or the page number.
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*_GREY)
        pages = f"page {self.page_no()} of {{nb}}"
        pages_w = self.get_string_width(pages) + 2
        run = f" · run {self.report.run_id}"
        left_w = self.epw - pages_w
        name = self.fit(title(self.report), left_w - self.get_string_width(run) - 2)
        self.cell(left_w, 5, name + self.text_of(run), align="L")
        self.cell(pages_w, 5, pages, align="R")

    def para(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: Colour = _INK,
        gap: float = 1.5,
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, self.text_of(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def spans(self, parts: list[tuple[str, str, Colour]], size: float = 10) -> None:
        """One flowing line of differently styled pieces: (text, style B/S/"", colour)."""
        for text, style, colour in parts:
            self.set_font(self.family, style, size)
            self.set_text_color(*colour)
            self.write(size * 0.5, self.text_of(text))
        self.ln(size * 0.5 + 1)


def _verdict(pdf: _Pdf, row: ShownRow) -> None:
    colour = _hex(row.colour)
    parts = [(row.label, "B", colour)]
    if row.score:
        parts.append((f" · {row.score}", "B", colour))
    if row.struck_label:
        parts += [("   model said ", "", _GREY), (row.struck_label, "S", _GREY)]
    if row.model_said:
        parts.append((f"   model said {row.model_said}", "", _GREY))
    pdf.spans(parts)


def _row(pdf: _Pdf, row: ShownRow) -> None:
    pdf.para(f"{row.number}. {row.claim}", size=11, bold=True, gap=0.5)
    pdf.para(row.about, size=8, colour=_GREY, gap=1)
    if not row.verified:
        pdf.para(f"{row.label}.", size=9, colour=_GREY, gap=4)
        return
    _verdict(pdf, row)
    pdf.para(f"Review: {row.status}", size=9, colour=_GREY, gap=1)
    if row.questions:
        pdf.para("Questions: " + "; ".join(row.questions), size=9, colour=_GREY)
    pdf.para(row.rationale, size=10)
    for c in row.citations:
        pdf.set_x(pdf.l_margin + 5)
        pdf.para(f"“{c.quote}”", size=9.5, gap=0.3)
        pdf.para(f"     {c.where}", size=8, colour=_GREY)
    for stale in row.stale:
        pdf.para(stale, size=8.5, bold=True, colour=_RED)
    for flag in row.flags:
        pdf.para(f"Flag: {flag}", size=8.5, colour=_RED)
    for note in row.notes:
        pdf.para(note, size=9, colour=_GREY)
    pdf.ln(3)


def _front(pdf: _Pdf, report: Report) -> None:
    """Title, draft banner, provenance and the summary: all on the first page."""
    pdf.para(title(report), size=17, bold=True, gap=2)
    banner = draft_banner(report)
    if banner:
        pdf.para(banner, size=10, bold=True, colour=_RED, gap=2)
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
    pdf.ln(3)
    pdf.para("Summary", size=12, bold=True, gap=1)
    labels = ", ".join(f"{k} {n}" for k, n in report.counts_by_label.items())
    pdf.para(f"Labels: {labels}", size=9.5, gap=0.5)
    statuses = ", ".join(f"{k} {n}" for k, n in report.counts_by_status.items())
    pdf.para(f"Review: {statuses}", size=9.5, gap=4)
    pdf.para("Assertions", size=12, bold=True, gap=2)


def to_pdf(report: Report) -> bytes:
    pdf = _Pdf(report)
    pdf.add_page()
    _front(pdf, report)
    for row in report.rows:
        _row(pdf, shown_row(row))
    return bytes(pdf.output())

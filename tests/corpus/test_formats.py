"""Readers on real files of every supported kind, good and bad, made in a temp folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from workbench.corpus.formats import FormatError, read_docx, shorten
from workbench.corpus.readers import (
    SUPPORTED_SUFFIXES,
    Upload,
    iter_files,
    read_file,
    read_paths,
    read_upload,
)

MAX = 5 * 2**20


def _pdf(path: Path, text: str, title: str = "Report", password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author("Desk")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    data = bytes(pdf.output())
    if password:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(password)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    path.write_bytes(data)
    return path


def _docx(path: Path, paragraphs: list[str], title: str | None = None) -> Path:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Year", "1883"
    if title:
        document.core_properties.title = title
    document.save(path)
    return path


def _one(path: Path):  # type: ignore[no-untyped-def]
    result = read_file(path, MAX)
    assert result.failures == [], result.failures
    assert len(result.sources) == 1
    return result.sources[0]


def _reason(path: Path) -> str:
    result = read_file(path, MAX)
    assert result.sources == [] and len(result.failures) == 1
    return result.failures[0].reason


def test_text_markdown_and_legacy_encodings(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# The bridge\n\nIt opened in 1883.\n", encoding="utf-8")
    source = _one(tmp_path / "a.md")
    assert source.title == "The bridge" and "opened in 1883" in source.text
    assert source.source == str((tmp_path / "a.md").resolve())
    (tmp_path / "b.txt").write_bytes("Café au lait coûte 3 € à Zürich, déjà.\n".encode("cp1252"))
    assert "Café au lait coûte 3 € à Zürich" in _one(tmp_path / "b.txt").text
    (tmp_path / "c.txt").write_bytes("\ufeffBOM first line\n".encode())
    assert _one(tmp_path / "c.txt").title == "BOM first line"


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    body = " ".join(
        ["The Brooklyn Bridge opened on May 24, 1883, after fourteen years of work."] * 5
    )
    html = (
        "<html><head><title>Bridge history</title><script>alert('x')</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/about'>About us</a></nav>"
        f"<article><h1>Bridge history</h1><p>{body}</p></article>"
        "<footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    source = _one(tmp_path / "page.html")
    assert source.title == "Bridge history"
    assert "opened on May 24, 1883" in source.text
    assert "alert" not in source.text and "About us" not in source.text


def test_pdf_and_docx_with_metadata(tmp_path: Path) -> None:
    pdf = _one(_pdf(tmp_path / "r.pdf", "The committee met on 3 March 2024 and voted 7 to 2."))
    assert pdf.title == "Report" and pdf.author == "Desk" and "voted 7 to 2" in pdf.text
    word = _one(_docx(tmp_path / "w.docx", ["First paragraph.", "Second one."], title="Memo"))
    assert word.title == "Memo" and word.text.startswith("First paragraph.\nSecond one.")
    assert "Year\t1883" in word.text


def test_jsonl_bad_lines_cost_only_themselves(tmp_path: Path) -> None:
    lines = [
        json.dumps({"doc_id": "a", "title": "A", "text": "Alpha text."}),
        "{broken",
        json.dumps({"doc_id": "b", "title": "B", "text": ""}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"doc_id": "c", "text": "Gamma text."}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines))
    result = read_file(path, MAX)
    assert [(s.external_id, s.title) for s in result.sources] == [("a", "A"), ("c", "c")]
    assert result.sources[0].source.endswith("corpus.jsonl#a")
    assert sorted(f.source.rsplit(":", 1)[1] for f in result.failures) == ["2", "3", "5"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n", "no text"),
        ("binary.txt", b"\x00\x01\x02\x03PK\x00", "binary file"),
        ("broken.pdf", b"%PDF-1.7\nnot really", "broken PDF"),
        ("notzip.docx", b"plain text pretending", "not a valid .docx"),
        (
            "scripts.html",
            b"<html><script>var a=1;</script><script>b()</script></html>",
            "no main text",
        ),
        ("data.xlsx", b"whatever", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_files_are_reported_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in _reason(path)


def test_encrypted_pdf_oversized_file_and_zip_bomb(tmp_path: Path) -> None:
    assert "encrypted PDF" in _reason(_pdf(tmp_path / "secret.pdf", "Secret.", password="pw"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX + 1))
    assert "over the 5.0 MB limit" in _reason(big)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (60 * 2**20))
    assert "zip bomb" in _reason(bomb)


def test_folders_are_walked_in_order_and_a_mixed_folder_keeps_the_good_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed document text.")
    (tmp_path / "a.md").write_text("Alpha document text.")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / "notes.xyz").write_text("listed as skipped, not read")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF nope")
    names = [p.name for p in iter_files([tmp_path])]
    assert names == ["a.md", "z.txt", "bad.pdf", "notes.xyz"]  # path order, hidden left out
    results = dict(read_paths([tmp_path, tmp_path / "missing.txt"], MAX))
    good = [s.title for r in results.values() for s in r.sources]
    bad = {Path(f.source).name: f.reason for r in results.values() for f in r.failures}
    skipped = {Path(s.source).name: s.reason for r in results.values() for s in r.skipped}
    assert good == ["Alpha document text.", "Zed document text."]
    assert set(bad) == {"bad.pdf", "missing.txt"} and bad["missing.txt"] == "no such file or folder"
    assert list(skipped) == ["notes.xyz"]
    assert skipped["notes.xyz"].startswith("unsupported file type '.xyz' (supported: .docx,")
    assert ".pdf" in SUPPORTED_SUFFIXES


def test_an_unsupported_file_named_on_its_own_is_a_failure_not_a_skip(tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"PK whatever")
    [(_, result)] = list(read_paths([tmp_path / "sheet.xlsx"], MAX))
    assert result.skipped == () and result.sources == []
    assert "unsupported file type '.xlsx'" in result.failures[0].reason


def test_titles_from_text_are_cut_at_a_word_boundary(tmp_path: Path) -> None:
    first_line = "The harbour authority confirmed on Tuesday " * 6  # ~260 characters, one line
    (tmp_path / "long.txt").write_text(first_line + "\nSecond line.")
    title = _one(tmp_path / "long.txt").title
    assert title.endswith("…") and len(title) <= 120
    assert first_line.startswith(title.removesuffix("…"))
    assert first_line[len(title) - 1] == " "  # the cut falls between two words
    (tmp_path / "long.md").write_text("# " + "Heading word " * 30 + "\n\nBody.")
    assert _one(tmp_path / "long.md").title == ("Heading word " * 15).strip() + "…"
    assert shorten("Short title") == "Short title"
    assert shorten("x" * 300) == "x" * 119 + "…"  # one huge word: cut where it must be


def _long_docx(path: Path, paragraphs: int = 2000) -> Path:
    """A real DOCX that inflates to ~48 times its size: repetitive prose, compressed ~110:1,
    well under the zip-bomb ratio of 200:1."""
    document = docx.Document()
    for i in range(paragraphs):
        document.add_paragraph(f"Paragraph {i}. " + "The harbour authority confirmed it. " * 20)
    document.save(path)
    return path


def test_docx_honours_the_configured_size_limit(tmp_path: Path) -> None:
    path = _long_docx(tmp_path / "long.docx")
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        expanded = sum(i.file_size for i in archive.infolist())
        largest = max(i.file_size / i.compress_size for i in archive.infolist() if i.compress_size)
    limit = 2 * size  # the file itself is well under the limit ...
    assert expanded > 20 * limit and largest < 200  # ... but inflates over 20 times it
    reason = _reason_at(path, limit)
    assert "archive expands to" in reason and "zip bomb" in reason
    assert "harbour" in read_file(path, MAX).sources[0].text  # under a 5 MB limit: read
    with pytest.raises(FormatError, match="over the"):
        read_docx(path, path.read_bytes(), max_bytes=size - 1)


def _reason_at(path: Path, max_bytes: int) -> str:
    result = read_file(path, max_bytes)
    assert result.sources == [] and len(result.failures) == 1
    return result.failures[0].reason


def test_uploads_keep_their_file_name_as_source(tmp_path: Path) -> None:
    text = read_upload(Upload("report.txt", b"The bridge opened in 1883."), MAX)
    assert [(s.source, s.title) for s in text.sources] == [
        ("upload:report.txt", "The bridge opened in 1883.")
    ]
    word = read_upload(
        Upload("memo.docx", _docx(tmp_path / "m.docx", ["Memo text."]).read_bytes()), MAX
    )
    assert word.sources[0].source == "upload:memo.docx" and str(tmp_path) not in str(word)
    lines = b'{"doc_id": "a", "text": "Alpha."}\n{broken\n'
    corpus = read_upload(Upload("corpus.jsonl", lines), MAX)
    assert corpus.sources[0].source == "upload:corpus.jsonl#a"
    assert corpus.failures[0].source == "upload:corpus.jsonl:2"
    sheet = read_upload(Upload("sheet.xlsx", b"PK"), MAX)
    assert sheet.failures[0].source == "upload:sheet.xlsx"
    assert "unsupported file type '.xlsx'" in sheet.failures[0].reason
    empty = read_upload(Upload("empty.txt", b""), MAX)
    assert empty.failures[0].reason == "empty file"

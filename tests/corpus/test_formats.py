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

from workbench.corpus.readers import SUPPORTED_SUFFIXES, iter_files, read_file, read_paths

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
    (tmp_path / "notes.xyz").write_text("skipped silently in folders")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF nope")
    assert [p.name for p in iter_files([tmp_path])] == ["a.md", "z.txt", "bad.pdf"]  # path order
    results = dict(read_paths([tmp_path, tmp_path / "missing.txt"], MAX))
    good = [s.title for r in results.values() for s in r.sources]
    bad = {Path(f.source).name: f.reason for r in results.values() for f in r.failures}
    assert good == ["Alpha document text.", "Zed document text."]
    assert set(bad) == {"bad.pdf", "missing.txt"} and bad["missing.txt"] == "no such file or folder"
    assert ".pdf" in SUPPORTED_SUFFIXES

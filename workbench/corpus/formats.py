"""Text out of file formats, each through a kept library.

HTML: trafilatura (main text without navigation, ads and scripts, plus title/author/date).
PDF: pypdf (pure Python). DOCX: python-docx, after a zip-bomb check with zipfile.
Text: UTF-8 (stray Windows-1252 bytes in it kept as such), else the encoding
charset-normalizer detects.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from workbench.records import SourceText


class FormatError(Exception):
    """The file is not what its name says, or holds no text; the message is the reason."""


# A valid multi-byte UTF-8 sequence: its presence beside invalid bytes means mixed encodings.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("workbench-cp1252", _cp1252_fallback)


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise FormatError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):  # mostly UTF-8 with pasted legacy bytes: keep both
        return data.decode("utf-8-sig", errors="workbench-cp1252")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise FormatError("cannot decode text: not UTF-8 and no encoding detected")
    best = matches[0]
    # Short Western texts fit several code pages about equally well (coherence differs by a
    # few points, e.g. cp775 over cp1252 for French); Windows-1252 is by far the most common
    # of them in newsroom files, so it wins whenever it reads as cleanly as the best match.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
            return str(match)
    return str(best)


TITLE_CHARS = 120  # a title taken from the text; a Markdown heading may have 200


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if text[limit - 1] != " ":  # mid-word: back to the last space, unless the word is huge
        space = cut.rfind(" ")
        if space >= limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def text_title(text: str, path: Path) -> str:
    heading = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    if heading and path.suffix.lower() in (".md", ".markdown"):
        return shorten(heading.group(1), 200)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return shorten(first) or path.stem


MIN_HTML_WORDS = 3  # fewer is a lone link text ("Home"), not a document


def read_html(path: Path, data: bytes) -> SourceText:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # failures are reported below
    html = decode_text(data)
    text = trafilatura.extract(html, include_comments=False, favor_recall=True, output_format="txt")
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise FormatError("no main text found in HTML (only scripts, styles or navigation)")
    meta = trafilatura.extract_metadata(html)
    url = meta.url if meta and meta.url else None
    return SourceText(
        text=text,
        source=str(path),
        title=(meta.title if meta and meta.title else None) or text_title(text, path),
        author=meta.author if meta else None,
        date=meta.date if meta else None,
        url=url if url and url.lower().startswith(("https://", "http://")) else None,
    )


def read_pdf(path: Path, data: bytes) -> SourceText:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the reason is reported once, below
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise FormatError("encrypted PDF (password protected)")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except FormatError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FormatError(f"broken PDF: {exc}") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise FormatError("no text layer in PDF (scanned image? run OCR first)")
    created = meta.creation_date if meta else None
    return SourceText(
        text=text,
        source=str(path),
        title=(meta.title if meta and meta.title else None) or path.stem,
        author=meta.author if meta and meta.author else None,
        date=created.isoformat() if created else None,
    )


_MAX_RATIO = 200  # compression ratio above which a large member is taken for a zip bomb
_MAX_EXPANSION = 20  # a DOCX may unpack to 20 times the largest file accepted, no more


def _check_archive(data: bytes, max_bytes: int) -> None:
    """Refuse before python-docx unpacks every member into memory. zipfile never inflates a
    member past its declared size, so the declared sizes bound what is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise FormatError("not a valid .docx (not a zip archive)") from exc
    with archive:
        total = sum(info.file_size for info in archive.infolist())
        large = min(2**20, max_bytes)  # small limits make small members suspect too
        bomb = any(
            info.file_size > large and info.file_size > _MAX_RATIO * max(info.compress_size, 1)
            for info in archive.infolist()
        )
    if bomb:
        raise FormatError(f"refused: a member is compressed over {_MAX_RATIO}:1 (zip bomb?)")
    if total > _MAX_EXPANSION * max_bytes:
        raise FormatError(
            f"refused: archive expands to {total / 2**20:.1f} MB, over {_MAX_EXPANSION} times "
            f"the {max_bytes / 2**20:.1f} MB limit (zip bomb? raise WORKBENCH_MAX_FILE_MB)"
        )


def read_docx(path: Path, data: bytes, max_bytes: int) -> SourceText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if len(data) > max_bytes:  # read_file checks too; this guards direct callers
        raise FormatError(
            f"file is {len(data) / 2**20:.1f} MB, over the {max_bytes / 2**20:.1f} MB limit"
        )
    _check_archive(data, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise FormatError(f"not a valid .docx: {exc}") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(line for line in lines if line.strip())
    props = document.core_properties
    return SourceText(
        text=text,
        source=str(path),
        title=props.title or text_title(text, path),
        author=props.author or None,
        date=props.created.isoformat() if props.created else None,
    )

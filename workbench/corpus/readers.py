"""Files into SourceText records. A bad file is reported with a reason, never raised.

Plain text and JSONL are read here; HTML, PDF and DOCX go through kept libraries in
``formats.py``. Every reader returns a ReadResult so one bad line of a JSONL corpus costs
that line only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from workbench.corpus import formats
from workbench.records import FailedFile, SourceText


class ReadResult(NamedTuple):
    sources: list[SourceText]
    failures: list[FailedFile]


class BadFile(Exception):
    """A file that cannot be read; the message is the reason shown to the user."""


def _single(reader: Callable[[Path, bytes], SourceText]) -> Callable[[Path, bytes], ReadResult]:
    def read(path_: Path, data: bytes) -> ReadResult:
        source = reader(path_, data)
        if not source.text.strip():
            raise BadFile("no text")
        return ReadResult([source], [])

    return read


def _text(path: Path, data: bytes) -> SourceText:
    text = formats.decode_text(data)
    return SourceText(text=text, source=str(path), title=formats.text_title(text, path))


def _jsonl(path: Path, data: bytes) -> ReadResult:
    sources: list[SourceText] = []
    failures: list[FailedFile] = []
    for lineno, line in enumerate(formats.decode_text(data).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise BadFile("line is not a JSON object")
            text, doc_id = record.get("text"), record.get("doc_id", f"line-{lineno}")
            title = record.get("title") or doc_id
            if not isinstance(text, str) or not text.strip():
                raise BadFile("missing or empty 'text'")
            if not isinstance(doc_id, str | int) or not isinstance(title, str | int):
                raise BadFile("'doc_id' and 'title' must be strings")
            sources.append(
                SourceText(
                    text=text,
                    source=f"{path}#{doc_id}",
                    title=str(title),
                    external_id=str(doc_id),
                )
            )
        except (json.JSONDecodeError, BadFile) as exc:
            failures.append(FailedFile(source=f"{path}:{lineno}", reason=str(exc)))
    if not sources and not failures:
        failures.append(FailedFile(source=str(path), reason="no records (blank lines only)"))
    return ReadResult(sources, failures)


_READERS: dict[str, Callable[[Path, bytes], ReadResult]] = {
    ".txt": _single(_text),
    ".md": _single(_text),
    ".markdown": _single(_text),
    ".html": _single(formats.read_html),
    ".htm": _single(formats.read_html),
    ".pdf": _single(formats.read_pdf),
    ".docx": _single(formats.read_docx),
    ".jsonl": _jsonl,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def read_file(path: Path, max_bytes: int) -> ReadResult:
    path = path.resolve()
    suffix = path.suffix.lower()
    try:
        reader = _READERS.get(suffix)
        if reader is None:
            supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise BadFile(f"unsupported file type '{suffix or path.name}' (supported: {supported})")
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(
                f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.1f} MB limit "
                "(raise WORKBENCH_MAX_FILE_MB)"
            )
        if size == 0:
            raise BadFile("empty file")
        return reader(path, path.read_bytes())
    except (BadFile, formats.FormatError) as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
    except Exception as exc:  # a reader library's own bug must not stop the other files
        reason = f"unexpected error: {type(exc).__name__}: {exc}"
    return ReadResult([], [FailedFile(source=str(path), reason=reason)])


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively in sorted order, hidden entries skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def read_paths(paths: Iterable[Path], max_bytes: int) -> Iterator[tuple[Path, ReadResult]]:
    for path in iter_files(paths):
        if not path.exists():
            missing = FailedFile(source=str(path), reason="no such file or folder")
            yield path, ReadResult([], [missing])
            continue
        yield path, read_file(path, max_bytes)

"""Files into SourceText records. A bad file is reported with a reason, never raised.

Plain text and JSONL are read here; HTML, PDF and DOCX go through kept libraries in
``formats.py``. Every reader returns a ReadResult so one bad line of a JSONL corpus costs
that line only. A file of an unsupported type inside a folder is skipped and listed; named
on its own (or uploaded) it is a failure, since the user asked for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from workbench.corpus import formats
from workbench.records import FailedFile, Record, SourceText


class SkippedFile(Record):
    """A file in a folder that was not read, and why (its type is not supported)."""

    source: str
    reason: str


class ReadResult(NamedTuple):
    sources: list[SourceText]
    failures: list[FailedFile]
    skipped: tuple[SkippedFile, ...] = ()


class BadFile(Exception):
    """A file that cannot be read; the message is the reason shown to the user."""


Reader = Callable[[Path, bytes, int], ReadResult]  # (path, data, max_bytes)


def _single(reader: Callable[..., SourceText], limited: bool = False) -> Reader:
    """One document per file; ``limited`` readers get max_bytes too (DOCX: zip-bomb guard)."""

    def read(path_: Path, data: bytes, max_bytes: int) -> ReadResult:
        source = reader(path_, data, max_bytes) if limited else reader(path_, data)
        if not source.text.strip():
            raise BadFile("no text")
        return ReadResult([source], [])

    return read


def _text(path: Path, data: bytes) -> SourceText:
    text = formats.decode_text(data)
    return SourceText(text=text, source=str(path), title=formats.text_title(text, path))


def _jsonl(path: Path, data: bytes, max_bytes: int) -> ReadResult:
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


_READERS: dict[str, Reader] = {
    ".txt": _single(_text),
    ".md": _single(_text),
    ".markdown": _single(_text),
    ".html": _single(formats.read_html),
    ".htm": _single(formats.read_html),
    ".pdf": _single(formats.read_pdf),
    ".docx": _single(formats.read_docx, limited=True),
    ".jsonl": _jsonl,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def unsupported_reason(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in _READERS:
        return None
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type '{suffix or path.name}' (supported: {supported})"


def _guarded(source: str, read: Callable[[], ReadResult]) -> ReadResult:
    """Any error of one file becomes its failure; the other files go on."""
    try:
        return read()
    except (BadFile, formats.FormatError) as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
    except Exception as exc:  # a reader library's own bug must not stop the other files
        reason = f"unexpected error: {type(exc).__name__}: {exc}"
    return ReadResult([], [FailedFile(source=source, reason=reason)])


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise BadFile(
            f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.1f} MB limit "
            "(raise WORKBENCH_MAX_FILE_MB)"
        )
    if size == 0:
        raise BadFile("empty file")


def read_file(path: Path, max_bytes: int) -> ReadResult:
    path = path.resolve()

    def read() -> ReadResult:
        reason = unsupported_reason(path)
        if reason:
            raise BadFile(reason)
        _check_size(path.stat().st_size, max_bytes)  # before reading a huge file into memory
        return _READERS[path.suffix.lower()](path, path.read_bytes(), max_bytes)

    return _guarded(str(path), read)


UPLOAD_PREFIX = "upload:"


class Upload(NamedTuple):
    """A file sent through the UI: a name and its bytes, never written to disk."""

    name: str
    data: bytes


def read_upload(upload: Upload, max_bytes: int) -> ReadResult:
    """Its source is "upload:<file name>" (the same name again replaces it), not a temp path."""
    name, data = upload
    path = Path(Path(name).name or "unnamed")  # a browser may send a path: keep the name

    def read() -> ReadResult:
        reason = unsupported_reason(path)
        if reason:
            raise BadFile(reason)
        _check_size(len(data), max_bytes)
        result = _READERS[path.suffix.lower()](path, data, max_bytes)
        return ReadResult(
            [s.model_copy(update={"source": UPLOAD_PREFIX + s.source}) for s in result.sources],
            [f.model_copy(update={"source": UPLOAD_PREFIX + f.source}) for f in result.failures],
        )

    return _guarded(UPLOAD_PREFIX + path.name, read)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively in sorted order, hidden entries skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


def read_paths(paths: Iterable[Path], max_bytes: int) -> Iterator[tuple[Path, ReadResult]]:
    for path in paths:
        if not path.exists():
            missing = FailedFile(source=str(path), reason="no such file or folder")
            yield path, ReadResult([], [missing])
            continue
        for file in iter_files([path]):
            reason = unsupported_reason(file) if file != path else None
            if reason:  # found in a folder, not asked for by name: listed, not failed
                skipped = SkippedFile(source=str(file.resolve()), reason=reason)
                yield file, ReadResult([], [], (skipped,))
            else:
                yield file, read_file(file, max_bytes)

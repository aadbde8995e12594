"""Import fact-checks from files: ClaimReview JSON-LD (one object, a list, or JSON Lines)
and plain JSON Lines ``{"claim", "rating", "url", "title", "date", "publisher"}``.

Bad records are reported by file and line and the good ones kept; a file that cannot be
read as fact-checks at all is reported and skipped. A fact-check's key is its URL, else its
claim + rating + publisher, so importing the same file again adds nothing. Each file's
records are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.factchecks.parse import BadRecord, Parsed, parse_record
from workbench.factchecks.reading import BadFile, read_items
from workbench.records import FactCheck, ImportedOrigin, ImportProblem, ImportReport
from workbench.services import Workbench
from workbench.store import factchecks as store


@dataclass
class _Tally:
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)

    def report(self) -> ImportReport:
        return ImportReport(
            files=self.files,
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            failed=tuple(self.failed),
            warnings=tuple(self.warnings),
        )


def _same(a: FactCheck, b: FactCheck) -> bool:
    """Same fact-check whichever file (or line) it came from."""
    return a.model_dump(exclude={"origin"}) == b.model_dump(exclude={"origin"})


def _check_size(wb: Workbench, size: int) -> None:
    if size > wb.settings.max_file_mb * 2**20:
        raise BadFile(f"larger than {wb.settings.max_file_mb:g} MB (WORKBENCH_MAX_FILE_MB)")


def _read(wb: Workbench, path: Path) -> bytes:
    if path.is_dir():
        raise BadFile("a folder: name the files to import")
    try:
        _check_size(wb, path.stat().st_size)
        return path.read_bytes()
    except OSError as exc:
        raise BadFile(f"cannot read it: {exc.strerror or exc}") from exc


def _import_one(wb: Workbench, name: str, data: bytes, tally: _Tally) -> None:
    tally.files += 1
    try:
        _check_size(wb, len(data))
        items, problems = read_items(data)
    except BadFile as exc:
        tally.failed.append(ImportProblem(file=name, reason=str(exc)))
        return
    failed = [ImportProblem(file=name, line=p.line, reason=p.reason) for p in problems]
    parsed: list[Parsed] = []
    for item in items:
        origin = ImportedOrigin(file=name, line=item.line)
        try:
            parsed.append(parse_record(item.value, origin, wb.settings.export))
        except BadRecord as exc:
            failed.append(ImportProblem(file=name, line=item.line, reason=str(exc)))
    tally.failed += sorted(failed, key=lambda p: p.line or 0)
    with wb.db.transaction() as session:
        stored = store.get_many(session, (fc.id for fc, _ in parsed))
        for fc, warnings in parsed:
            line = fc.origin.line  # type: ignore[union-attr]  (always an ImportedOrigin here)
            tally.warnings += [ImportProblem(file=name, line=line, reason=w) for w in warnings]
            existing = stored.get(fc.id)
            if existing is not None and _same(existing, fc):
                tally.unchanged += 1
                continue  # keeps where it first came from
            tally.added += existing is None
            tally.updated += existing is not None
            store.put(session, fc, new=existing is None)
            stored[fc.id] = fc  # the same key again further down this file


def import_files(wb: Workbench, paths: Sequence[Path]) -> ImportReport:
    """Import each file; the report counts added, updated, unchanged and failed records."""
    tally = _Tally()
    for path in paths:
        try:
            data = _read(wb, Path(path))
        except BadFile as exc:
            tally.files += 1
            tally.failed.append(ImportProblem(file=str(path), reason=str(exc)))
            continue
        _import_one(wb, str(path), data, tally)
    return tally.report()


def import_uploads(wb: Workbench, uploads: Sequence[tuple[str, bytes]]) -> ImportReport:
    """Files sent through the UI as (name, bytes): the origin names the uploaded file."""
    tally = _Tally()
    for name, data in uploads:
        _import_one(wb, Path(name).name or "unnamed", data, tally)  # a name, never a path
    return tally.report()

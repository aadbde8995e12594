"""The bad-file fuzz set of the hardening tests, ingested once, with figures (issue 7).

Prints how many inputs there were, how many bad ones were reported by name with a reason,
how many good documents went in, and the reasons by kind.

    .venv/bin/python benchmarks/bad_files.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import fresh_workbench, machine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hardening.bad_files import make_fuzz_set

from workbench.corpus.ingest import ingest
from workbench.store import catalog


def main() -> None:
    print(f"machine: {machine()}")
    folder = Path(tempfile.mkdtemp(prefix="wb-fuzz-"))
    fuzz = make_fuzz_set(folder)
    wb = fresh_workbench("fuzz")
    started = time.perf_counter()
    report = ingest(wb, "fuzz", [folder])
    seconds = time.perf_counter() - started
    with wb.db.transaction() as session:
        stored = "\n".join(
            catalog.get_document(session, "fuzz", d.doc_id).text
            for d in catalog.list_documents(session, "fuzz")
        )
    wb.close()
    failed = {f.source for f in report.failed}
    expected = {str(p.resolve()) for p in fuzz.bad} | {
        s.replace(str(folder), str(folder.resolve())) for s in fuzz.bad_lines
    }
    good_in = sum(1 for sentence in fuzz.good.values() if sentence in stored)
    print(f"inputs: {fuzz.total} ({len(fuzz.bad)} bad files, {len(fuzz.bad_lines)} bad JSONL")
    print(f"        lines, {len(fuzz.good)} good documents), ingest {seconds:.1f} s, no crash")
    print(f"bad inputs reported by name with a reason: {len(expected & failed)}/{len(expected)}")
    print(f"reported although good: {len(failed - expected)}")
    print(f"good documents ingested: {good_in}/{len(fuzz.good)} (report: {report.added} added)")
    reasons = Counter(f.reason.split(":")[0][:60] for f in report.failed)
    for reason, count in reasons.most_common():
        print(f"  {count:4d}  {reason}")


if __name__ == "__main__":
    main()

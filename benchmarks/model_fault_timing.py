"""Seconds a check takes when the model server is slow once and hangs once (issue 7).

The scenario of `tests/hardening/test_model_faults.py`: the fault server answers the
questions call slowly (half the client timeout), hangs on the verdict letter (30 s, far past
the client's 1 s timeout), then answers the retry and the explanation. The test proves by
outcome that the hang is given up on (the check returns while the hung request is still
open); this script prints how long that took, against the limit the test used to assert
(20 s) and against the server's 30 s hang. Printed, never asserted.

    .venv/bin/python benchmarks/model_fault_timing.py [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import fresh_workbench, machine, median

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hardening.fault_server import FaultServer

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatLLM, Endpoint
from workbench.records import Label

CLAIM = "The Brooklyn Bridge opened in 1883."
SOURCE = (
    "Opened on May 24, 1883, the Brooklyn Bridge was the first fixed crossing across the "
    "East River. It connects the boroughs of Manhattan and Brooklyn."
)
TIMEOUT_S = 1.0
FORMER_LIMIT_S = 20.0  # what the test asserted before the timing moved here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    folder = Path(tempfile.mkdtemp(prefix="wb-faults-"))
    (folder / "bridge.txt").write_text(SOURCE)
    wb = fresh_workbench("faults")
    ingest(wb, "c", [folder])
    seconds: list[float] = []
    try:
        for repeat in range(args.repeats):
            with FaultServer(["slow", "timeout", "ok", "ok"]) as server:
                server.slow_s = TIMEOUT_S / 2
                # A fresh model name per repeat: a cold reply cache, so every call is made.
                endpoint = Endpoint("server", server.base_url, "fault", "unused", f"bench:{repeat}")
                wb.llm = CachedLLM(ChatLLM(endpoint, timeout_s=TIMEOUT_S, max_retries=0), wb.db)
                started = time.perf_counter()
                outcome = Checker(wb).check(article_from_text(CLAIM, "t", "s"), "c")
                seconds.append(time.perf_counter() - started)
                hang_s = server.hang_s
            verdict = outcome.results[0].verdict
            ok = verdict is not None and verdict.label == Label.SUPPORTED
            print(
                f"repeat {repeat + 1}: {seconds[-1]:.2f} s, served {server.served}, "
                f"verdict {verdict.label.value if verdict else None}"
                + ("" if ok else " (unexpected: see the model-fault tests)")
            )
    finally:
        wb.close()
    typical, worst = median(seconds), max(seconds)
    print(
        f"check with one slow ({TIMEOUT_S / 2:g} s) and one hung ({hang_s:g} s) reply, "
        f"client timeout {TIMEOUT_S:g} s: median {typical:.2f} s, max {worst:.2f} s"
    )
    print(
        f"ratio to the former limit ({FORMER_LIMIT_S:g} s): median "
        f"{typical / FORMER_LIMIT_S:.3f}, max {worst / FORMER_LIMIT_S:.3f}; "
        f"to the server's hang: max {worst / hang_s:.3f}"
    )


if __name__ == "__main__":
    main()

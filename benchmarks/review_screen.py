"""How fast the Review screen reacts with 100 assertions (issue 4 goal: < 200 ms).

Builds a real database (a corpus, an article of 100 sentences checked with a scripted model,
no LLM), then times Streamlit's AppTest runs of the Review page: the first render, and the
rerun after an Accept click (what a reviewer waits for).

    .venv/bin/python benchmarks/review_screen.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fakes import fake_llm, letter_reply, text_reply
from streamlit.testing.v1 import AppTest

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.services import Workbench
from workbench.settings import Settings

APP = str(Path(__file__).resolve().parents[1] / "workbench" / "ui" / "app.py")
N = 100


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="wb-review-"))
    (home / "docs").mkdir()
    (home / "docs" / "a.txt").write_text(
        "The Moai were carved by the Rapa Nui people on Easter Island."
    )
    wb = Workbench(Settings(home=home))
    ingest(wb, "c", [home / "docs"])
    replies = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.6, "B": 0.3, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "Said in the source."}'),
    ]
    wb.llm, _ = fake_llm(replies * N, wb.db)
    text = " ".join(
        f"Statue number {i} on Easter Island was carved by the Rapa Nui people." for i in range(N)
    )
    outcome = Checker(wb).check(article_from_text(text, "Hundred claims", "bench"), "c")
    wb.close()
    os.environ["WORKBENCH_HOME"] = str(home)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["reviewer"] = "Bench"
    at.run()
    at.switch_page("screens/review.py")
    renders, clicks = [], []
    for _ in range(5):
        t = time.perf_counter()
        at.run()
        renders.append((time.perf_counter() - t) * 1000)
    keys = [b.key for b in at.button if b.label == "Accept"][:5]
    for key in keys:  # look the button up in the current tree: each run redraws them
        t = time.perf_counter()
        at.button(key=key).click().run()
        clicks.append((time.perf_counter() - t) * 1000)
        assert not at.exception, at.exception
    print(f"review screen, {len(outcome.results)} assertions, 20 cards per page")
    print(f"render: median {statistics.median(renders):.0f} ms, max {max(renders):.0f} ms")
    print(f"accept + rerun: median {statistics.median(clicks):.0f} ms, max {max(clicks):.0f} ms")
    print("goal: reacts in < 200 ms")


if __name__ == "__main__":
    main()

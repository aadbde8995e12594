"""A real database for the UI: a corpus with hostile text, an article checked with a scripted
model (no LLM), so every screen has something to show."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.services import Workbench
from workbench.settings import Settings

XSS = (
    "<script>alert('xss')</script><img src=x onerror=alert('img')>"
    "<svg onload=alert('svg')></svg><a href=\"javascript:alert('link')\">click</a>"
)
SOURCE = f"The Moai were carved by the Rapa Nui people. {XSS} They stand on Easter Island."
ARTICLE = (
    "The Moai were carved by the Rapa Nui people. "
    "The Moai stand on Easter Island. "
    "The Moai were carved from volcanic tuff. "
    f"Sources close to the museum say the statues will be moved. {XSS}"
)


@pytest.fixture
def ui_home(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "moai.txt").write_text(SOURCE)
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    ingest(wb, "islands", [tmp_path / "docs"])
    per_fact = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]
    wb.llm, _ = fake_llm(per_fact * 3, wb.db)
    Checker(wb).check(article_from_text(ARTICLE, f"Moai {XSS}", "test"), "islands")
    wb.close()
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    from workbench.ui.services import workbench

    workbench.clear()  # the cached Workbench belongs to the previous test's home
    yield tmp_path
    workbench.clear()

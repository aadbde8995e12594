"""A real database for the UI: a corpus with hostile text, an article checked with a scripted
model (no LLM), so every screen has something to show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from chromium import streamlit_server
from fakes import check_mixed_article, check_platforms_article, fake_llm, letter_reply, text_reply
from team_mode import add_desk

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.records import FactCheck, ImportedOrigin, Label
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import factchecks

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


# An earlier fact-check of the article's first claim, in other words: its card offers it.
EARLIER = FactCheck(
    id="fc-moai-earlier",
    claim="The Rapa Nui people carved the Moai statues.",
    label=Label.REFUTED,  # not what the chain will say: a reuse visibly changes the label
    rating="False",
    reviewer_or_publisher="Island Facts",
    date=date(2024, 5, 1),
    url="https://factcheck.example/moai",
    origin=ImportedOrigin(file="earlier.jsonl", line=1),
)


SECOND_SOURCE = "The Moai were moved upright, rocked from side to side by ropes."


def _checked_home(tmp_path: Path, embeddings, archive: tuple[FactCheck, ...], *more: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "moai.txt").write_text(SOURCE)
    for n, text in enumerate(more, 2):
        (tmp_path / "docs" / f"moai-{n}.txt").write_text(text)
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    ingest(wb, "islands", [tmp_path / "docs"])
    with wb.db.transaction() as session:
        for fc in archive:
            factchecks.put(session, fc)
    per_fact = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]
    wb.llm, _ = fake_llm(per_fact * 3, wb.db)
    Checker(wb).check(article_from_text(ARTICLE, f"Moai {XSS}", "test"), "islands")
    wb.close()


def _focus_home(tmp_path: Path, embeddings) -> None:  # type: ignore[no-untyped-def]
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    check_mixed_article(wb, tmp_path, SOURCE)
    wb.close()


def _serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    from workbench.ui.services import workbench

    workbench.clear()  # the cached Workbench belongs to the previous test's home
    yield tmp_path
    workbench.clear()


@pytest.fixture
def ui_home(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    _checked_home(tmp_path, embeddings, ())
    yield from _serve(tmp_path, monkeypatch)


@pytest.fixture
def ui_home_with_match(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """As ui_home, with an earlier fact-check of the first claim in the archive."""
    _checked_home(tmp_path, embeddings, (EARLIER,))
    yield from _serve(tmp_path, monkeypatch)


@pytest.fixture
def ui_home_two_sources(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """As ui_home, with a second source document in the corpus (the evidence spans both)."""
    _checked_home(tmp_path, embeddings, (), SECOND_SOURCE)
    yield from _serve(tmp_path, monkeypatch)


@pytest.fixture
def ui_home_long(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """A run of 22 supported claims: more than one page of cards."""
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    check_platforms_article(wb, tmp_path)
    wb.close()
    yield from _serve(tmp_path, monkeypatch)


@pytest.fixture
def team_home(ui_home: Path, cheap_passwords: None) -> Path:
    """The UI's checked home in team mode: Ada (admin), Eve (editor), Ben and Cleo
    (reviewers), all with team_mode.PASSWORD."""
    wb = Workbench(Settings(home=ui_home))
    add_desk(wb, "Ben", "Cleo")
    wb.close()
    return ui_home


@pytest.fixture
def focus_home(tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """A run of five verified claims (two by the model, three by the coverage rule)."""
    _focus_home(tmp_path, embeddings)
    yield from _serve(tmp_path, monkeypatch)


@pytest.fixture
def app_url(ui_home: Path):  # type: ignore[no-untyped-def]
    """The app served on ui_home (see tests/chromium.py)."""
    with streamlit_server(ui_home) as url:
        yield url


@pytest.fixture
def focus_url(focus_home: Path):  # type: ignore[no-untyped-def]
    with streamlit_server(focus_home) as url:
        yield url

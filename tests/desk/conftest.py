"""The desk on a real database (SQLite, then PostgreSQL): one checked article (two verdicts,
scripted model), and the accounts Ada (admin), Eve and Ian (editors), Ben and Cleo (reviewers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply
from team_mode import PASSWORD

from workbench.accounts.users import UserService
from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.records import Role, User
from workbench.services import Workbench

CORPUS_TEXT = (
    "The Moai are monolithic human figures carved by the Rapa Nui people on Easter Island."
)
ARTICLE = "The Moai were carved by the Rapa Nui people. The Moai were carved on Easter Island."


@dataclass(frozen=True)
class Desk:
    wb: Workbench
    run_id: str
    assertions: tuple[str, str]
    ada: User
    eve: User
    ian: User
    ben: User
    cleo: User


def check_moai(wb: Workbench, folder: Path) -> tuple[str, tuple[str, str]]:
    """Check the article against a one-document corpus: (run id, its two assertion ids)."""
    source = folder / "moai.txt"
    source.write_text(CORPUS_TEXT)
    ingest(wb, "c", [source])
    per_fact = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
        text_reply('{"sentences": [1], "reason": "The source names the carvers."}'),
    ]
    wb.llm, _ = fake_llm(per_fact * 2, wb.db)
    outcome = Checker(wb).check(article_from_text(ARTICLE, "Moai", "test"), "c")
    first, second = (r.assertion.assertion_id for r in outcome.results)
    return outcome.run.run_id, (first, second)


@pytest.fixture
def desk(each_database: str, workbench: Workbench, tmp_path: Path, cheap_passwords: None) -> Desk:
    """On SQLite, then on PostgreSQL (`each_database`)."""
    run_id, assertions = check_moai(workbench, tmp_path)
    users = UserService(workbench)
    ada = users.add("Ada", Role.ADMIN, PASSWORD, by=None)
    made = {
        name: users.add(name, role, PASSWORD, by=ada)
        for name, role in (
            ("Eve", Role.EDITOR),
            ("Ian", Role.EDITOR),
            ("Ben", Role.REVIEWER),
            ("Cleo", Role.REVIEWER),
        )
    }
    return Desk(workbench, run_id, assertions, ada, **{k.lower(): v for k, v in made.items()})

"""How the pre-migration databases beside this file were made, kept for the record: run once
with the code of commit 46a2e07 (schema made by `Base.metadata.create_all`, before Alembic),
on SQLite (`workbench-create-all.db`) and on PostgreSQL (dumped with `pg_dump --inserts` to
`workbench-create-all.sql`). Later code makes a different schema, so do not rerun it to
refresh them: the files are what an old install has on disk.

    PYTHONPATH=.:tests python tests/store/data/make_pre_migration.py HOME DATABASE_URL
"""

from __future__ import annotations

import sys
from pathlib import Path

from fakes import fake_llm, letter_reply, text_reply
from team_mode import add_desk

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings


def main(home: Path, url: str) -> None:
    wb = Workbench(Settings(home=home, database_url=url, chroma_url=None))
    source = home / "moai.txt"
    source.write_text("The Moai were carved by the Rapa Nui people on Easter Island.")
    ingest(wb, "c", [source])
    wb.llm, _ = fake_llm(
        [
            text_reply('{"questions": ["Who carved the Moai?"]}'),
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "The source names the carvers."}'),
        ],
        wb.db,
    )
    outcome = Checker(wb).check(article_from_text("The Rapa Nui carved the Moai.", "M", "t"), "c")
    ReviewService(wb).accept(
        outcome.run.run_id, outcome.results[0].assertion.assertion_id, "Ana", seen_version=0
    )
    add_desk(wb, "Ben")
    wb.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])

"""The CLI as a user runs it: real ingest, real search, JSON on stdout."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from fakes import RecordingFake, fake_llm, letter_reply, text_reply
from langchain_core.messages import AIMessage
from typer.testing import CliRunner

from workbench.cli import app
from workbench.services import Workbench


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings) -> CliRunner:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    # Share the session's loaded embedder instead of loading the model per command.
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    return CliRunner()


def test_corpus_add_search_show_list_remove(cli: CliRunner, sample_corpus: Path) -> None:
    added = cli.invoke(app, ["corpus", "add", "fm2", str(sample_corpus), "--json"])
    assert added.exit_code == 0, added.output
    report = json.loads(added.stdout)
    assert report["added"] == 40 and report["failed"] == []

    found = cli.invoke(
        app, ["search", "Christ the Redeemer statue in Rio", "--corpus", "fm2", "--json"]
    )
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert len(hits) == 5
    assert set(hits[0]) == {"passage_id", "doc_id", "title", "text", "start", "end", "score"}
    assert hits[0]["title"] == "Christ the Redeemer (statue)"

    listed = json.loads(cli.invoke(app, ["corpus", "list", "--json"]).stdout)
    assert [(c["name"], c["documents"]) for c in listed] == [("fm2", 40)]
    shown = json.loads(cli.invoke(app, ["corpus", "show", "fm2", "--json"]).stdout)
    assert len(shown["documents"]) == 40 and "text" not in shown["documents"][0]
    assert shown["documents"][0]["source"].endswith(f"#{shown['documents'][0]['external_id']}")

    assert cli.invoke(app, ["corpus", "remove", "fm2"]).exit_code == 0
    assert json.loads(cli.invoke(app, ["corpus", "list", "--json"]).stdout) == []


def test_failed_files_give_exit_code_1_and_are_named(cli: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Puyi was the last emperor of China.")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = cli.invoke(app, ["corpus", "add", "c", str(good), str(bad)])
    assert result.exit_code == 1
    assert "bad.pdf" in result.output and "broken PDF" in result.output
    assert "1 added" in result.output


def test_unknown_corpus_is_a_clear_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["search", "anything", "--corpus", "nope"])
    assert result.exit_code == 2
    assert "no corpus named 'nope'" in result.output


def _scripted(
    embeddings, replies: list[AIMessage], fakes: list[RecordingFake], name: str = "fake-model"
) -> Callable[[], AbstractContextManager[Workbench]]:  # type: ignore[no-untyped-def]
    """An `open_workbench` whose model is scripted with ``replies`` afresh for each command
    (each command's fake is appended to ``fakes``)."""

    @contextmanager
    def scripted() -> Iterator[Workbench]:
        wb = Workbench()
        wb.embeddings = embeddings
        wb.llm, fake = fake_llm(replies, wb.db, name=name)
        fakes.append(fake)
        try:
            yield wb
        finally:
            wb.close()

    return scripted


PER_CLAIM = [
    text_reply('{"questions": ["What happened?"]}'),
    letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
    text_reply('{"sentences": [1], "reason": "The source says so."}'),
]
TOP_ARTICLE = (
    "Thank you all so much for being here with us tonight. "
    "Unemployment in Ohio fell to 4.9 percent in 2016, the lowest rate since 2001. "
    "The Ohio River bridge cost 15 million dollars and opened in March 2019. "
    "We had a really lovely evening with our friends in Ohio."
)


def test_check_top_n_verifies_only_the_most_check_worthy_first(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    source = tmp_path / "source.txt"
    source.write_text(TOP_ARTICLE)  # the corpus says it all: every claim reaches the model
    article = tmp_path / "article.txt"
    article.write_text(TOP_ARTICLE)
    fakes: list[RecordingFake] = []
    scripted = _scripted(embeddings, PER_CLAIM * 2, fakes)  # runs out after two claims
    with scripted() as wb:
        ingest(wb, "c", [source])
    monkeypatch.setattr("workbench.cli.check.open_workbench", scripted)
    result = cli.invoke(app, ["check", str(article), "--corpus", "c", "--top", "2", "--json"])
    assert result.exit_code == 0, result.output

    shown = json.loads(result.stdout)["assertions"]
    assert [a["start"] for a in shown] == sorted(a["start"] for a in shown)  # article order
    by_worth = sorted(shown, key=lambda a: -a["checkworthy"])
    verified = [a for a in shown if a["verdict"] is not None]
    assert {a["text"] for a in verified} == {a["text"] for a in by_worth[:2]}
    assert all(a["standalone"] is None for a in shown)  # no sentence opens with a pronoun
    assert "Unemployment in Ohio fell to 4.9 percent" in " ".join(a["text"] for a in verified)
    for a in by_worth[2:]:
        assert a["verdict"] is None
        assert a["not_verified_reason"] == "not among the 2 most check-worthy"
    # The model was asked about the most check-worthy claim first.
    asked = [messages[-1].content for messages, _ in fakes[-1].calls]
    assert len(asked) == 6  # questions, verdict letter, reason: for two claims
    assert by_worth[0]["text"] in asked[0] and by_worth[1]["text"] in asked[3]

    table = cli.invoke(app, ["check", str(article), "--corpus", "c", "--top", "2"])
    assert table.exit_code == 0, table.output
    assert json.loads(result.stdout)["run_id"] in table.output  # the same run: nothing redone
    assert len(fakes[-1].calls) == 0
    assert cli.invoke(app, ["check", str(article), "--corpus", "c", "--top", "0"]).exit_code == 2


def test_check_resume_finishes_an_unfinished_run_and_the_listings_mark_it(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.check.pipeline import CheckCancelled, Checker, article_from_file
    from workbench.corpus.ingest import ingest

    article = tmp_path / "article.txt"
    article.write_text(TOP_ARTICLE)
    fakes: list[RecordingFake] = []
    scripted = _scripted(embeddings, PER_CLAIM * 4, fakes)
    asked = iter([False, True])  # stop before the second assertion, as a cancel does
    with scripted() as wb:
        ingest(wb, "c", [article])
        with pytest.raises(CheckCancelled):
            Checker(wb).check(article_from_file(article, 2**20), "c", cancelled=lambda: next(asked))

    (listed,) = json.loads(cli.invoke(app, ["review", "runs", "--json"]).stdout)
    run_id = listed["run_id"]
    assert listed["unfinished"] and listed["finished_at"] is None and listed["assertions"] == 1
    table = cli.invoke(app, ["review", "runs"]).output
    assert "unfinished" in table and "workbench check --resume RUN_ID" in table
    shown = json.loads(cli.invoke(app, ["review", "list", run_id, "--json"]).stdout)
    assert shown["unfinished"] and len(shown["assertions"]) == 1
    assert "unfinished" in cli.invoke(app, ["review", "list", run_id]).output

    monkeypatch.setattr("workbench.cli.check.open_workbench", scripted)
    resumed = cli.invoke(app, ["check", "--resume", run_id, "--json"])
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout)["run_id"] == run_id
    assert len(json.loads(resumed.stdout)["assertions"]) == 4
    (listed,) = json.loads(cli.invoke(app, ["review", "runs", "--json"]).stdout)
    assert not listed["unfinished"] and listed["assertions"] == 4
    first_calls = len(fakes[0].calls)
    # the corpus is the article: all four reach the model, each once over both commands
    assert (first_calls, len(fakes[-1].calls)) == (len(PER_CLAIM), 3 * len(PER_CLAIM))

    assert cli.invoke(app, ["check"]).exit_code == 2  # neither an article nor --resume
    assert cli.invoke(app, ["check", str(article)]).exit_code == 2  # an article, no corpus
    missing = cli.invoke(app, ["check", "--resume", "run-missing"])  # (exit 2 outside the test)
    assert str(missing.exception) == "no run 'run-missing' to resume"


def test_check_json_lists_earlier_fact_checks_of_a_claim(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    feed = tmp_path / "feed.jsonl"
    earlier = {
        "claim": "Ohio's unemployment rate dropped to 4.9% in 2016.",
        "rating": "False",
        "url": "https://factcheck.example/ohio-jobs",
        "date": "2024-02-01",
        "publisher": "Desk",
    }
    feed.write_text(json.dumps(earlier) + "\n")
    imported = cli.invoke(app, ["factchecks", "import", str(feed)])
    assert imported.exit_code == 0, imported.output
    assert "indexed for claim matching: 1 new texts embedded" in imported.output

    (tmp_path / "source.txt").write_text(TOP_ARTICLE)
    article = tmp_path / "article.txt"
    article.write_text(TOP_ARTICLE)
    script = [
        text_reply('{"questions": ["What was the unemployment rate?"]}'),
        letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]
    scripted = _scripted(embeddings, script, [], name="matches-model")
    with scripted() as wb:
        ingest(wb, "c", [tmp_path / "source.txt"])
    monkeypatch.setattr("workbench.cli.check.open_workbench", scripted)
    result = cli.invoke(app, ["check", str(article), "--corpus", "c", "--top", "1", "--json"])
    assert result.exit_code == 0, result.output
    shown = {a["text"]: a for a in json.loads(result.stdout)["assertions"]}
    ohio = shown["Unemployment in Ohio fell to 4.9 percent in 2016, the lowest rate since 2001."]
    assert len(ohio["matches"]) == 1
    match = ohio["matches"][0]
    assert set(match) == {
        "factcheck_id",
        "claim",
        "label",
        "rating",
        "publisher",
        "url",
        "date",
        "score",
    }
    assert {k: match[k] for k in ("claim", "rating", "publisher", "url", "date")} == {
        k: earlier[k] for k in ("claim", "rating", "publisher", "url", "date")
    }
    assert match["label"] == "REFUTED" and 0.0 <= match["score"] <= 1.0
    assert ohio["verdict"]["label"] == "SUPPORTED"  # the chain's own verdict stands
    assert shown["Thank you all so much for being here with us tonight."]["matches"] == []

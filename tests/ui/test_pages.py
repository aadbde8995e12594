"""Each screen through Streamlit's AppTest, on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workbench.corpus.ingest import ingest
from workbench.corpus.manage import corpus_documents
from workbench.records import ReviewAction, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")


def _app(page: str, reviewer: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["reviewer"] = reviewer
    at.run()
    at.switch_page(f"screens/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _service(home: Path) -> tuple[Workbench, ReviewService]:
    wb = Workbench(Settings(home=home))
    return wb, ReviewService(wb)


def test_review_screen_shows_escaped_article_and_cards(ui_home: Path) -> None:
    at = _app("review")
    markdown = "\n".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in markdown
    assert "<script>" not in markdown.replace("<style>", "")
    assert "wb-anon" in markdown  # the anonymous source stands out
    assert [b.label for b in at.button if b.label == "Accept"]
    assert all(b.disabled for b in at.button if b.label in ("Accept", "Reject"))  # no reviewer yet


def test_accept_from_the_review_screen_stores_the_reviewer(ui_home: Path) -> None:
    at = _app("review", reviewer="Ana")
    accept = next(b for b in at.button if b.label == "Accept")
    assertion_id = accept.key.removeprefix("review.accept.")
    accept.click().run()
    assert not at.exception
    wb, service = _service(ui_home)
    run_id = service.runs()[0][0].run_id
    state = service.state(run_id, assertion_id)[1]
    wb.close()
    assert state.status == ReviewStatus.ACCEPTED
    assert [(e.reviewer, e.action) for e in state.history] == [("Ana", ReviewAction.ACCEPT)]
    assert any("saved as version 1 by Ana" in s.value for s in at.success)


def test_reject_asks_why_and_keeps_the_reason(ui_home: Path) -> None:
    at = _app("review", reviewer="Ben")
    reject = next(b for b in at.button if b.label == "Reject")
    assertion_id = reject.key.removeprefix("review.reject.")
    reject.click().run()
    assert any("Say why you reject it" in e.value for e in at.error)
    at.text_input(key=f"review.reason.{assertion_id}").input("The source is about Tahiti.")
    next(b for b in at.button if b.key == f"review.reject.{assertion_id}").click().run()
    assert not at.exception, at.exception
    wb, service = _service(ui_home)
    state = service.state(service.runs()[0][0].run_id, assertion_id)[1]
    wb.close()
    assert state.status == ReviewStatus.REJECTED
    assert [(e.reviewer, e.note) for e in state.history] == [("Ben", "The source is about Tahiti.")]
    assert next(b for b in at.button if b.key == f"review.reject.{assertion_id}").disabled


def test_a_stale_card_is_told_someone_else_saved(ui_home: Path) -> None:
    at = _app("review", reviewer="Ben")
    accept = next(b for b in at.button if b.label == "Accept")
    assertion_id = accept.key.removeprefix("review.accept.")
    wb, service = _service(ui_home)
    run_id = service.runs()[0][0].run_id
    service.reject(run_id, assertion_id, "Ana", seen_version=0)  # saved while Ben's card is open
    accept.click().run()
    state = service.state(run_id, assertion_id)[1]
    wb.close()
    assert any("Ana changed this verdict" in e.value for e in at.error)
    assert state.status == ReviewStatus.REJECTED and state.version == 1


def test_check_corpora_and_reports_screens_render(ui_home: Path) -> None:
    check = _app("check")
    assert check.selectbox(key="check.corpus").value == "islands"
    corpora = _app("corpora")
    markdown = "\n".join(m.value for m in corpora.markdown)
    assert "They stand on Easter Island." in markdown and "&lt;script&gt;" in markdown
    reports = _app("reports")
    assert not reports.exception


def test_corpora_upload_keeps_the_file_name_and_lists_skipped_files(
    ui_home: Path, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("server-folder")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n")
    (folder / "wire.txt").write_text("The Moai face inland, towards the villages.")
    first_line = "The statues were moved by rocking them upright along the road " * 3
    at = _app("corpora", reviewer="Ana")
    at.text_input(key="corpora.name").input("uploads")
    at.file_uploader(key="corpora.uploads").set_value(
        [
            ("report.txt", f"{first_line}\nMore text.".encode(), "text/plain"),
            ("budget.xlsx", b"PK\x03\x04", "application/octet-stream"),
        ]
    )
    at.text_input(key="corpora.path").input(str(folder)).run()  # a name enables Add
    at.button(key="corpora.add").click().run()
    assert not at.exception, at.exception
    assert any("2 added" in s.value and "uploaded by Ana" in s.value for s in at.success)
    assert any("budget.xlsx: unsupported file type '.xlsx'" in w.value for w in at.warning)
    skipped = "\n".join(i.value for i in at.info)
    assert "1 skipped" in skipped and "scan.png: unsupported file type '.png'" in skipped

    wb = Workbench(Settings(home=ui_home))
    documents = corpus_documents(wb, "uploads")[1]
    wb.close()
    upload = next(d for d in documents if d.source.startswith("upload:"))
    assert upload.source == "upload:report.txt"  # not the deleted temp path
    assert upload.title.endswith("…") and first_line.startswith(upload.title[:-1])
    assert first_line[len(upload.title) - 1] == " "  # cut between two words


def test_whole_document_of_a_replaced_source_says_it_changed(ui_home: Path, embeddings) -> None:  # type: ignore[no-untyped-def]
    source = ui_home / "docs" / "moai.txt"
    source.write_text(source.read_text().replace("on Easter Island.", "on Rapa Nui."))
    wb = Workbench(Settings(home=ui_home))
    wb.embeddings = embeddings
    assert ingest(wb, "islands", [source.parent]).replaced == 1  # replaced after the check
    wb.close()
    at = _app("review")
    stale = [w.value for w in at.warning if w.value.startswith("Stale: cited document")]
    assert stale and "was replaced with new text on" in stale[0] and "workbench recheck" in stale[0]
    assert "⚠ stale" in "\n".join(m.value for m in at.markdown)
    quote = "The Moai were carved by the Rapa Nui people."
    shown = "\n".join(m.value for m in at.markdown).count(quote)
    opener = next(b for b in at.button if b.label.endswith("Read a source document"))
    opener.click().run()
    assert not at.exception, at.exception  # the LookupError no longer escapes
    assert any("This document changed since the check" in w.value for w in at.warning)
    markdown = "\n".join(m.value for m in at.markdown)
    assert markdown.count(quote) > shown  # the stored sentences, shown under the warning
    assert "on Rapa Nui." not in markdown  # today's text is not passed off as the checked one


def _card_claims(at: AppTest) -> list[str]:
    """The claims of the cards, top to bottom."""
    import html
    import re

    claims = []
    for block in at.markdown:
        claims += re.findall(r'<div class="wb-claim">(.*?)</div>', block.value)
    return [html.unescape(c) for c in claims]


def test_review_cards_come_most_worth_checking_first_by_default(ui_home: Path) -> None:
    at = _app("review")
    order = at.selectbox(key="review.order")
    assert order.value == "most worth checking first"
    assert "article order" in order.options and "needs review first" in order.options
    wb, service = _service(ui_home)
    results = [r.assertion for r, _ in service.results(service.runs()[0][0].run_id)]
    wb.close()
    by_worth = sorted(results, key=lambda a: (-a.checkworthy, a.start))
    by_position = sorted(results, key=lambda a: a.start)
    assert by_worth != by_position  # the fixture tells the two orders apart
    assert _card_claims(at) == [a.text for a in by_worth]
    markdown = "\n".join(m.value for m in at.markdown)
    for a in results:  # the score is on each card
        assert f"worth checking {a.checkworthy:.2f}" in markdown

    order.set_value("article order").run()
    assert not at.exception, at.exception
    assert _card_claims(at) == [a.text for a in by_position]


def test_check_screen_can_verify_only_the_most_check_worthy(ui_home: Path) -> None:
    from fakes import fake_llm, letter_reply, text_reply

    from workbench.records import JobState
    from workbench.ui.check_jobs import check_jobs
    from workbench.ui.services import workbench

    wb = workbench()  # the app's cached Workbench: its model is scripted here
    per_fact = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]
    wb.llm, fake = fake_llm(per_fact * 2, wb.db, name="ui-top")
    at = _app("check")
    at.text_input(key="check.title").input("Top one")
    at.text_area(key="check.text").input(
        "The Moai were carved by the Rapa Nui people of Easter Island. "
        "The Moai stand on Easter Island in the Pacific Ocean."
    )
    at.number_input(key="check.top").set_value(1)
    at.button(key="check.run").click().run()
    assert not at.exception, at.exception
    (job,) = check_jobs().jobs()  # the check runs in the background: wait for its end
    assert check_jobs().wait(job.job_id, 120).state == JobState.FINISHED
    at.run()
    assert any("Checked 2 assertions" in s.value for s in at.success)
    service = ReviewService(wb)
    run_id = next(run.run_id for run, article in service.runs() if article.title == "Top one")
    results = [r for r, _ in service.results(run_id)]
    verified = [r for r in results if r.verdict is not None]
    assert len(verified) == 1 and len(fake.calls) <= 3
    (skipped,) = [r for r in results if r.verdict is None]
    assert skipped.not_verified_reason == "not among the 1 most check-worthy"
    assert verified[0].assertion.checkworthy >= skipped.assertion.checkworthy


def _put_factchecks(home: Path) -> None:
    """An archive written directly: a reviewed verdict and two imports, one hostile."""
    from workbench.records import (
        FactCheck,
        ImportedOrigin,
        Label,
        ReviewedOrigin,
        imported_factcheck_id,
        reviewed_factcheck_id,
    )
    from workbench.store import factchecks

    entries = [
        FactCheck(
            id=reviewed_factcheck_id("run-1", "as-1"),
            claim="The Moai were carved by the Rapa Nui people.",
            label=Label.SUPPORTED,
            rating="True",
            reviewer_or_publisher="Ana",
            origin=ReviewedOrigin(run_id="run-1", assertion_id="as-1"),
        ),
        FactCheck(
            id=imported_factcheck_id("https://fc.example/tuff", "", "", None),
            claim="The Moai are made of marble.",
            label=None,
            rating="Mostly false",
            url="https://fc.example/tuff",
            reviewer_or_publisher="Island Checks",
            origin=ImportedOrigin(file="desk.jsonl", line=2),
        ),
        FactCheck(
            id=imported_factcheck_id("javascript:alert(1)", "", "", None),
            claim="<script>alert('claim')</script> Easter Island is in the Atlantic.",
            label=Label.REFUTED,
            rating="False",
            url="javascript:alert(1)",
            origin=ImportedOrigin(file="feed.json", line=9),
        ),
    ]
    wb = Workbench(Settings(home=home))
    with wb.db.transaction() as session:
        for fc in entries:
            factchecks.put(session, fc)
    wb.close()


@pytest.fixture
def archive_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with only an archive: no corpus, no run (the page needs neither)."""
    from workbench.ui.services import workbench

    _put_factchecks(tmp_path)
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    workbench.clear()
    yield tmp_path
    workbench.clear()


def test_factchecks_screen_lists_searches_and_says_where_each_came_from(
    archive_home: Path,
) -> None:
    at = _app("factchecks")
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Newest 3 of 3" in markdown
    assert "reviewed in this workbench: run run-1, assertion as-1" in markdown
    assert "imported from desk.jsonl line 2" in markdown and "rating: Mostly false" in markdown
    assert '<a href="https://fc.example/tuff"' in markdown  # a web address is a link
    assert "&lt;script&gt;alert(&#x27;claim&#x27;)" in markdown and "<script>" not in markdown
    assert 'href="javascript:' not in markdown  # a javascript: URL stays text

    at.text_input(key="factchecks.query").input("moai MARBLE").run()
    assert not at.exception, at.exception
    markdown = "\n".join(m.value for m in at.markdown)
    assert "1 found" in markdown and "The Moai are made of marble." in markdown
    assert "Rapa Nui" not in markdown


def test_factchecks_upload_imports_and_reports_bad_lines(archive_home: Path) -> None:
    import json

    from workbench.factchecks.archive import list_factchecks

    good = {"claim": "The Moai have bodies.", "rating": "True", "date": "2012-05-01"}
    data = (json.dumps(good) + "\n" + '{"claim": "No rating."}\n').encode()
    at = _app("factchecks")
    at.file_uploader(key="factchecks.uploads").set_value(
        [("island.jsonl", data, "application/json")]
    ).run()
    at.button(key="factchecks.import").click().run()
    assert not at.exception, at.exception
    assert any("1 added, 0 updated, 0 unchanged, 1 failed" in s.value for s in at.success)
    assert any("island.jsonl line 2: rating is missing or empty" in w.value for w in at.warning)
    assert "imported from island.jsonl line 1" in "\n".join(m.value for m in at.markdown)
    wb = Workbench(Settings(home=archive_home))
    claims = [fc.claim for fc in list_factchecks(wb)]
    wb.close()
    assert "The Moai have bodies." in claims and len(claims) == 4


def test_a_verdict_accepted_in_review_shows_on_the_factchecks_screen(ui_home: Path) -> None:
    wb, service = _service(ui_home)
    run_id = service.runs()[0][0].run_id
    result = next(r for r, _ in service.results(run_id) if r.verdict is not None)
    service.accept(run_id, result.assertion.assertion_id, "Ana", seen_version=0)
    wb.close()
    at = _app("factchecks")
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Newest 1 of 1" in markdown
    assert f"run {run_id}, assertion {result.assertion.assertion_id}" in markdown
    assert "Ana" in markdown


def test_choices_survive_other_screens_a_new_corpus_and_a_reload(ui_home: Path, embeddings) -> None:  # type: ignore[no-untyped-def]
    from fakes import fake_llm, letter_reply, text_reply

    from workbench.check.pipeline import Checker, article_from_text

    wb = Workbench(Settings(home=ui_home))
    wb.embeddings = embeddings
    wb.llm, _ = fake_llm(
        [
            text_reply('{"questions": ["Who carved the Moai?"]}'),
            letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
            text_reply('{"sentences": [1], "reason": "The source says so."}'),
        ],
        wb.db,
    )
    Checker(wb).check(
        article_from_text("The Moai were carved by the Rapa Nui people.", "Later", "t"), "islands"
    )
    wb.close()

    wb, service = _service(ui_home)
    older = service.runs()[1][0].run_id  # newest first: the default is the run just made
    wb.close()
    at = _app("review")
    at.selectbox(key="review.run").set_value(older).run()  # the reviewer picks the older run ...
    at.switch_page("screens/corpora.py").run()
    at.switch_page("screens/review.py").run()  # ... looks elsewhere, and comes back to it
    assert not at.exception, at.exception
    assert at.selectbox(key="review.run").value == older

    check = _app("check")
    assert check.selectbox(key="check.corpus").value == "islands"
    (ui_home / "atlas").mkdir()
    (ui_home / "atlas" / "a.txt").write_text("Easter Island lies in the Pacific Ocean.")
    wb = Workbench(Settings(home=ui_home))
    wb.embeddings = embeddings
    ingest(wb, "aaa-atlas", [ui_home / "atlas"])  # sorts before "islands"
    wb.close()
    check.switch_page("screens/corpora.py").run()
    check.switch_page("screens/check.py").run()
    assert check.selectbox(key="check.corpus").value == "islands"  # still the one in use

    reloaded = AppTest.from_file(APP, default_timeout=60)
    reloaded.query_params["reviewer"] = "Ana"  # a reload keeps the name in the address
    reloaded.run()
    assert reloaded.session_state["reviewer"] == "Ana"
    assert not next(b for b in reloaded.button if b.label == "Accept").disabled


def test_no_page_has_a_bare_expression_that_streamlit_would_print() -> None:
    import ast

    pages = [*(Path(APP).parent / "screens").glob("*.py"), Path(APP)]
    for page in pages:
        tree = ast.parse(page.read_text(encoding="utf-8"))
        printed = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr)
            and not isinstance(node.value, ast.Constant | ast.Call)
            and not isinstance(node.value, ast.Await | ast.Yield)
        ]
        assert printed == [], f"{page.name}: Streamlit's magic prints lines {printed}"


def test_a_card_offers_an_earlier_fact_check_and_reuses_its_verdict(
    ui_home_with_match: Path,
) -> None:
    from workbench.factchecks.archive import get_factcheck

    wb, service = _service(ui_home_with_match)
    earlier = get_factcheck(wb, "fc-moai-earlier")  # put there by the fixture
    run_id = service.runs()[0][0].run_id
    carved = next(
        r for r, _ in service.results(run_id) if r.assertion.text.endswith("Rapa Nui people.")
    )
    wb.close()
    assert [m.factcheck_id for m in carved.matches] == [earlier.id]
    at = _app("review", reviewer="Ana")
    box = "\n".join(m.value for m in at.markdown)
    assert "Already checked" in box and "Island Facts" in box and "2024-05-01" in box
    assert f'href="{earlier.url}"' in box and "rating: False" in box
    aid = carved.assertion.assertion_id
    reuse = at.button(key=f"review.reuse.{aid}.{earlier.id}")
    assert reuse.label == "Reuse this verdict" and not reuse.disabled
    reuse.click().run()
    assert not at.exception, at.exception
    assert any("reuse factcheck: saved as version 1 by Ana" in s.value for s in at.success)
    wb, service = _service(ui_home_with_match)
    state = service.state(run_id, aid)[1]
    wb.close()
    assert state.status == ReviewStatus.EDITED and state.current.label == earlier.label
    assert state.current.rationale.startswith(f"Reused fact-check {earlier.id}: False")
    assert [(e.action, e.reviewer) for e in state.history] == [(ReviewAction.EDIT, "Ana")]
    assert earlier.id in state.history[0].note

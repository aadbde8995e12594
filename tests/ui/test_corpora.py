"""The Corpora screen through AppTest on a real database: search with the hit marked and the
whole document a switch away; removal shows the verdicts it makes stale before it is done."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from ui.test_pages import _app

from workbench.corpus.manage import list_corpora
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _citing(home: Path) -> tuple[str, set[str]]:
    """The run and the assertions whose verdicts cite the corpus's one document."""
    wb = Workbench(Settings(home=home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    citing = {r.assertion.assertion_id for r, s in service.results(run_id) if s.current.citations}
    wb.close()
    return run_id, citing


def _stale(home: Path, run_id: str) -> set[str]:
    wb = Workbench(Settings(home=home))
    stale = {r.assertion.assertion_id for r, s in ReviewService(wb).results(run_id) if s.stale}
    wb.close()
    return stale


def test_search_marks_the_hit_escapes_the_source_and_opens_the_whole_document(
    ui_home: Path,
) -> None:
    at = _app("corpora")
    at.text_input(key="corpora.search").input("Who carved the Moai?").run()
    assert not at.exception, at.exception
    shown = _markdown(at)
    assert "<b>1. The Moai were carved by the Rapa Nui people. &lt;script&gt;" in shown
    assert "<mark>Moai</mark>" in shown and "<mark>carved</mark>" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown.replace("<style>", "")
    (switch,) = [t for t in at.toggle if t.key.startswith("corpora.search.doc.")]
    switch.set_value(True).run()
    assert not at.exception, at.exception
    document = next(m.value for m in at.markdown if 'class="wb-article"' in m.value)
    assert "They stand on Easter Island." in document and "<mark style=" in document


def test_removing_the_document_previews_the_stale_verdicts_then_needs_a_confirmation(
    ui_home: Path,
) -> None:
    run_id, citing = _citing(ui_home)
    assert citing
    at = _app("corpora", reviewer="Ana")
    assert at.radio(key="corpora.remove.what").value == "document"
    at.button(key="corpora.remove.preview_button").click().run()
    n = len(citing)
    assert any(f"makes {n} verdicts in 1 run stale" in w.value for w in at.warning)
    listed = at.dataframe[-1].value  # below the corpora table
    assert set(listed["assertion"]) == citing and set(listed["run"]) == {run_id}
    confirm = at.button(key="corpora.remove.confirm")
    assert confirm.disabled  # not before the admin says they understand
    assert _stale(ui_home, run_id) == set()

    at.checkbox(key="corpora.remove.understood").check().run()
    at.button(key="corpora.remove.confirm").click().run()
    assert not at.exception, at.exception
    (done,) = [s.value for s in at.success]
    assert done.startswith('Removed "The Moai were carved') and "from islands." in done
    assert f"`workbench recheck {run_id}`" in done
    assert _stale(ui_home, run_id) == citing
    wb = Workbench(Settings(home=ui_home))
    assert [(i.name, i.documents) for i in list_corpora(wb)] == [("islands", 0)]
    wb.close()
    assert at.dataframe[0].value["documents"].tolist() == [0]  # the table counts it already
    at.text_input(key="corpora.search").input("Who carved the Moai?").run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == ["No passage matches."]


def test_a_removal_whose_effect_changed_since_the_preview_is_refused(ui_home: Path) -> None:
    run_id, citing = _citing(ui_home)
    at = _app("corpora", reviewer="Ana")
    at.radio(key="corpora.remove.what").set_value("corpus").run()
    at.button(key="corpora.remove.preview_button").click().run()
    wb = Workbench(Settings(home=ui_home))
    service = ReviewService(wb)
    first = sorted(citing)[0]
    service.edit(
        run_id, first, "Ben", label=service.state(run_id, first)[1].current.label, cite_evidence=[]
    )
    wb.close()  # Ben's edit drops the citation: the preview no longer holds
    at.checkbox(key="corpora.remove.understood").check().run()
    at.button(key="corpora.remove.confirm").click().run()
    assert any("changed since the preview" in e.value for e in at.error)
    wb = Workbench(Settings(home=ui_home))
    assert [i.name for i in list_corpora(wb)] == ["islands"]  # nothing removed
    wb.close()
    n = len(citing) - 1
    assert any(f"makes {n} verdict" in w.value for w in at.warning)  # the new preview


def test_adding_documents_recounts_the_table(ui_home: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("wire")
    (folder / "wire.txt").write_text("The Moai face inland, towards the villages.")
    at = _app("corpora", reviewer="Ana")
    at.text_input(key="corpora.name").input("wire")
    at.text_input(key="corpora.path").input(str(folder)).run()
    at.button(key="corpora.add").click().run()
    assert not at.exception, at.exception
    assert at.dataframe[0].value["corpus"].tolist() == ["islands", "wire"]
    assert any("1 added" in s.value for s in at.success)

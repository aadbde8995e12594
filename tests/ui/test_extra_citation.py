"""The card's "Cite a sentence the search missed" through AppTest on a real database: search
the run's corpus, pick a sentence, and it is stored as the reviewer's citation."""

from __future__ import annotations

from pathlib import Path

from ui.test_pages import _app

from workbench.corpus.ingest import ingest
from workbench.records import ReviewAction
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

MISSED = "Most Moai were carved at the Rano Raraku quarry."


def test_a_reviewer_cites_a_sentence_the_search_missed_and_can_remove_it(
    ui_home: Path, embeddings
) -> None:  # type: ignore[no-untyped-def]
    (ui_home / "quarry").mkdir()
    (ui_home / "quarry" / "quarry.txt").write_text(f"Rano Raraku\n\n{MISSED} It is a crater.")
    wb = Workbench(Settings(home=ui_home))
    wb.embeddings = embeddings
    ingest(wb, "islands", [ui_home / "quarry"])  # added after the check: retrieval missed it
    wb.close()

    at = _app("review", reviewer="Ana")
    aid = next(b for b in at.button if b.label == "Accept").key.removeprefix("review.accept.")
    assert not [w for w in at.text_input if w.key == f"missed.query.{aid}"]  # built on opening
    at.button(key=f"missed.open.{aid}.toggle").click().run()
    at.text_input(key=f"missed.query.{aid}").input("Rano Raraku quarry").run()
    assert not at.exception, at.exception
    prefix = f"missed.cite.{aid}."
    buttons = [b for b in at.button if b.key.startswith(prefix)]
    cited = [b for b in buttons if b.disabled]  # the sentence the machine cites already
    assert [b.label for b in cited] == ["Cited"] and len(buttons) > 1
    shown = "\n".join(m.value for m in at.markdown)
    assert "<mark>Rano</mark> <mark>Raraku</mark> <mark>quarry</mark>" in shown
    start = (f"Rano Raraku\n\n{MISSED}").index(MISSED)
    doc_key = next(b.key for b in buttons if b.key.endswith(f".{start}.{start + len(MISSED)}"))
    at.button(key=doc_key).click().run()
    assert not at.exception, at.exception
    assert any("cited: saved as version 1 by Ana" in s.value for s in at.success)
    assert at.button(key=doc_key).disabled and at.button(key=doc_key).label == "Cited"
    card = "\n".join(m.value for m in at.markdown)
    assert f"<b>cited by reviewer Ana</b> (retrieval missed it) {MISSED}" in card

    wb = Workbench(Settings(home=ui_home))
    service = ReviewService(wb)
    state = service.state(service.runs()[0][0].run_id, aid)[1]
    wb.close()
    assert [c.added_by for c in state.current.citations][-1] == "Ana"
    assert [(e.reviewer, e.action) for e in state.history] == [("Ana", ReviewAction.EDIT)]
    assert MISSED in (state.history[0].note or "")

    (remove,) = [b for b in at.button if b.key.startswith(f"missed.uncite.{aid}.")]
    remove.click().run()
    assert not at.exception, at.exception
    assert any("citation removed: saved as version 2 by Ana" in s.value for s in at.success)
    assert not [b for b in at.button if b.key.startswith(f"missed.uncite.{aid}.")]

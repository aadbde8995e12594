"""The review card through AppTest on a real database: it keeps its place after a save and
shows the confirmation at itself, and it says who decided (reviewer or machine, model or
rule) in a journalist's words, with the internals one click away."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Expander, Markdown

from workbench.records import Label, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.ui.services import LABEL_COLOURS

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")


def _app(reviewer: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["reviewer"] = reviewer
    at.run()
    at.switch_page("screens/review.py")
    at.run()
    assert not at.exception, at.exception
    return at


FOLD = re.compile(r'<details class="wb-fold"><summary>(.*?)</summary>(.*?)</details>', re.S)


def _face(block: Block) -> str:
    """The markdown of a block as seen without opening anything (expanders and folds shut)."""
    out = []
    for child in block.children.values():
        if isinstance(child, Expander):
            continue
        if isinstance(child, Markdown):
            out.append(FOLD.sub(lambda m: m.group(1), child.value))
        elif isinstance(child, Block):
            out.append(_face(child))
    return "\n".join(out)


def _card(at: AppTest, assertion_id: str) -> Block:
    return at.container(key=f"review.card.{assertion_id}")


def _claims(at: AppTest) -> list[str]:
    found = []
    for block in at.markdown:
        found += re.findall(r'<div class="wb-claim">(.*?)</div>', block.value)
    return [html.unescape(c) for c in found]


def _card_ids(at: AppTest) -> list[str]:
    return [b.key.removeprefix("review.accept.") for b in at.button if b.label == "Accept"]


def _state(home: Path, assertion_id: str):  # type: ignore[no-untyped-def]
    wb = Workbench(Settings(home=home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    result, state = service.state(run_id, assertion_id)
    wb.close()
    return result, state


def test_a_decided_card_keeps_its_place_and_says_so_at_itself(ui_home: Path) -> None:
    at = _app(reviewer="Ana")
    at.selectbox(key="review.order").set_value("needs review first").run()
    before, ids = _claims(at), _card_ids(at)
    first, following = ids[0], ids[1]
    at.button(key=f"review.accept.{first}").click().run()
    assert not at.exception, at.exception
    assert _claims(at) == before  # sorted again, the accepted card would go to the end
    card = _card(at, first)
    assert [s.value for s in card.success] == ["accept: saved as version 1 by Ana"]
    assert f'href="#card-{following}">Next pending ↓</a>' in _face(card)
    assert f'id="card-{following}"' in _face(_card(at, following))  # where the link lands

    at.button(key="review.sort_again").click().run()  # the reviewer asks for the order again
    assert _card_ids(at)[-1] == first  # decided: after the pending ones


def test_a_rejected_verdict_shows_the_reviewer_not_the_machines_label(ui_home: Path) -> None:
    at = _app(reviewer="Ben")
    aid = _card_ids(at)[0]
    result, _ = _state(ui_home, aid)
    assert result.verdict.label == Label.SUPPORTED
    at.text_input(key=f"review.reason.{aid}").input("The source is about Tahiti.")
    at.button(key=f"review.reject.{aid}").click().run()
    assert not at.exception, at.exception

    article = next(m.value for m in at.markdown if 'class="wb-article"' in m.value)
    mark = re.search(r'<mark [^>]*title="([^"]*)"[^>]*><a [^>]*href="#card-' + aid, article)
    assert mark and mark.group(1) == "Rejected by Ben"
    assert "wb-neutral" in mark.group(0) and "background:transparent" in mark.group(0)
    face = _face(_card(at, aid))
    assert "Rejected by Ben" in face and "The source is about Tahiti." in face
    decision, proposal = face.split('<div class="wb-proposal')[:2]
    assert "Supported" not in decision and LABEL_COLOURS["SUPPORTED"][0] not in decision
    assert "Machine proposal" in proposal and "wb-superseded" in proposal  # apart, greyed
    legend = next(m.value for m in at.markdown if 'class="wb-legend"' in m.value)
    assert "Rejected 1" in legend and "Supported 2" in legend  # 3 supported by the machine

    at.multiselect(key="review.label").set_value(["Supported"]).run()
    assert aid not in _card_ids(at) and len(_card_ids(at)) == 2
    at.multiselect(key="review.label").set_value(["Rejected"]).run()
    assert _card_ids(at) == [aid]


def test_not_enough_evidence_in_the_edit_form_drops_the_machines_citations(
    ui_home: Path,
) -> None:
    at = _app(reviewer="Ana")
    aid = _card_ids(at)[0]
    assert _state(ui_home, aid)[1].current.citations  # the machine cited S1
    at.button(key=f"review.edit.open.{aid}.toggle").click().run()  # the form is built on opening
    label = at.selectbox(key=f"review.edit.{aid}.label")
    assert "Not enough evidence" in label.options  # in words, the value stays the label's
    label.set_value(Label.NOT_ENOUGH_EVIDENCE.value)
    at.button(key=f"FormSubmitter:review.edit.form.{aid}-Save edit").click().run()
    assert not at.exception, at.exception
    state = _state(ui_home, aid)[1]
    assert state.status == ReviewStatus.EDITED
    assert state.current.label == Label.NOT_ENOUGH_EVIDENCE and state.current.citations == ()
    assert "the citations were dropped" in _card(at, aid).success[0].value
    assert not [w for w in at.selectbox if w.key == f"review.edit.{aid}.label"]  # closed again


def test_an_edit_refused_because_someone_saved_first_keeps_its_form_and_text(
    ui_home: Path,
) -> None:
    at = _app(reviewer="Ana")
    aid = _card_ids(at)[0]
    at.button(key=f"review.edit.open.{aid}.toggle").click().run()
    wb = Workbench(Settings(home=ui_home))  # Ben accepts it while Ana's form is open
    service = ReviewService(wb)
    service.accept(service.runs()[0][0].run_id, aid, "Ben", seen_version=0)
    wb.close()
    rationale = "The quarry records say otherwise."
    at.text_area(key=f"review.edit.{aid}.rationale").input(rationale)
    at.button(key=f"FormSubmitter:review.edit.form.{aid}-Save edit").click().run()
    assert not at.exception, at.exception
    assert _state(ui_home, aid)[1].status == ReviewStatus.ACCEPTED  # Ben's save stands
    assert "Ben" in _card(at, aid).error[0].value
    assert at.text_area(key=f"review.edit.{aid}.rationale").value == rationale  # still there


def test_notes_are_on_the_face_of_the_card(ui_home: Path) -> None:
    wb = Workbench(Settings(home=ui_home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    aid = next(r.assertion.assertion_id for r, _ in service.results(run_id) if r.verdict)
    service.note(run_id, aid, "Ana", "Ask the museum for the carving records.", 0)
    wb.close()
    face = _face(_card(_app(), aid))
    assert "Note by Ana" in face and "Ask the museum for the carving records." in face


def test_a_rule_made_verdict_says_rule_and_the_internals_are_one_click_away(
    ui_home: Path, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from fakes import fake_llm, text_reply

    from workbench.check.pipeline import Checker, article_from_text

    wb = Workbench(Settings(home=ui_home))
    wb.embeddings = embeddings
    # The corpus is about the Moai: none of the claim's names and numbers occurs in it, so
    # the coverage rule settles it after the questions, without asking for a verdict.
    wb.llm, fake = fake_llm([text_reply('{"questions": ["Who designed the tower?"]}')], wb.db)
    outcome = Checker(wb).check(
        article_from_text("Gustave Eiffel designed the tower in 1889.", "Tower", "t"), "islands"
    )
    wb.close()
    (result,) = outcome.results
    assert result.verdict.label == Label.NOT_ENOUGH_EVIDENCE and len(fake.calls) == 1

    at = _app()
    face = _face(_card(at, result.assertion.assertion_id))
    assert "Rule: None of the retrieved source sentences mentions Gustave" in face
    assert "0.90" not in face and "NOT_ENOUGH_EVIDENCE" not in face
    assert "Not enough evidence" in face

    screen = _face(at.main)  # the run's internals are not on the face of the screen ...
    assert outcome.run.model not in screen and outcome.run.corpus_state not in screen
    (about,) = [e for e in at.expander if e.label.startswith("About this run")]
    inside = "\n".join(m.value for m in about.markdown)  # ... but one click away
    assert outcome.run.model in inside and outcome.run.corpus_state in inside
    card = "\n".join(m.value for m in _card(at, result.assertion.assertion_id).markdown)
    details = next(body for title, body in FOLD.findall(card) if title.startswith("Details"))
    assert "confidence 0.90" in details


def test_read_a_source_document_shows_the_one_chosen_whole(ui_home_two_sources: Path) -> None:
    at = _app()
    (first_card, *_) = _card_ids(at)
    result, _ = _state(ui_home_two_sources, first_card)
    doc_ids = list(dict.fromkeys(e.doc_id for e in result.evidence))
    assert len(doc_ids) == 2  # the evidence came from both sources
    card = _card(at, first_card)
    assert not card.radio  # shut: nothing of it built
    next(b for b in card.button if b.label.endswith("Read a source document")).click().run()
    texts = {}
    for doc_id in doc_ids:
        (documents,) = _card(at, first_card).radio
        documents.set_value(doc_id).run()
        assert not at.exception, at.exception
        (whole,) = [m.value for m in _card(at, first_card).markdown if "wb-article" in m.value]
        texts[doc_id] = whole
    assert sorted("rocked from side to side" in t for t in texts.values()) == [False, True]
    assert sorted("Easter Island" in t for t in texts.values()) == [False, True]


def test_the_screen_has_a_colour_legend_in_words(ui_home: Path) -> None:
    at = _app()
    legend = next(m.value for m in at.markdown if 'class="wb-legend"' in m.value)
    for words in ("Supported 3", "Refuted 0", "Not enough evidence 0", "Conflicting evidence 0"):
        assert words in legend
    assert "Not verified 1" in legend and "machine's proposal" in legend
    face = _face(at.main)
    assert "Supported" in face and "SUPPORTED" not in face


def test_ten_cards_a_page_by_default_and_the_reviewer_can_show_more(ui_home_long: Path) -> None:
    at = _app("Ana")
    first_page = _card_ids(at)
    assert len(first_page) == 10  # 22 cards: pages of 10, 10 and 2
    at.number_input(key="review.page").set_value(3).run()
    assert len(_card_ids(at)) == 2 and not set(_card_ids(at)) & set(first_page)

    # A larger page leaves fewer pages: the last one (where those cards are now), not page 1.
    at.selectbox(key="review.page_size").set_value(20).run()
    assert not at.exception, at.exception
    assert at.number_input(key="review.page").value == 2
    assert len(_card_ids(at)) == 2

    at.selectbox(key="review.page_size").set_value(50).run()
    assert len(_card_ids(at)) == 22 and _card_ids(at)[:10] == first_page
    assert not [n for n in at.number_input if n.key == "review.page"]  # one page: no pager

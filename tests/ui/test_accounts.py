"""Team mode in the Streamlit app (AppTest, real database): sign-in, roles, sign-out."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from team_mode import PASSWORD

from workbench.accounts.users import MAX_FAILED_SIGN_INS, UserService
from workbench.records import ReviewAction
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")
PAGES = ("review", "check", "corpora", "factchecks", "reports")


def _start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in.name").input(name)
    at.text_input(key="sign_in.password").input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"screens/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    """Everything the screen shows in text, the sidebar included."""
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "error", "success")
        for e in getattr(at, kind)
    ]
    parts += [str(b.label) for b in at.button] + [str(t.label) for t in at.text_input]
    return "\n".join(str(p) for p in parts)


def _on_sign_in_screen(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Sign in"]


@pytest.mark.parametrize("page", PAGES)
def test_every_screen_asks_to_sign_in_first(team_home: Path, page: str) -> None:
    at = _open(_start(), page)
    assert _on_sign_in_screen(at)
    assert not [b for b in at.button if b.label in ("Accept", "Reject", "Add", "Run the check")]
    assert "Moai" not in _text(at)  # nothing of the desk's material shows
    assert not [t for t in at.text_input if t.label == "Reviewer"]


def test_wrong_password_and_unknown_name_get_one_message(team_home: Path) -> None:
    wrong = _sign_in(_start(), "Ben", "not the password")
    unknown = _sign_in(_start(), "Nobody", PASSWORD)
    assert [e.value for e in wrong.error] == [e.value for e in unknown.error]
    assert [e.value for e in wrong.error] == ["wrong name or password"]
    assert _on_sign_in_screen(wrong)


def test_repeated_failures_lock_the_name_and_say_so(team_home: Path) -> None:
    at = _start()
    for _ in range(MAX_FAILED_SIGN_INS):
        _sign_in(at, "Ben", "not the password")
    assert at.error[0].value.startswith("too many failed sign-ins: this name is locked until")
    _sign_in(at, "Ben", PASSWORD)  # the right password, too late
    assert "locked until" in at.error[0].value and _on_sign_in_screen(at)
    assert at.session_state["sign_in.password"] == ""  # not kept in the session


def test_a_reviewer_reviews_under_their_account_and_signs_out(team_home: Path) -> None:
    at = _sign_in(_start(), "ben")  # any case: one account
    assert "Signed in as <b>Ben</b> (reviewer)" in _text(at)
    assert not [t for t in at.text_input if t.label == "Reviewer"]  # no free-text name
    accept = next(b for b in at.button if b.label == "Accept")
    assert not accept.disabled
    assertion_id = accept.key.removeprefix("review.accept.")
    accept.click().run()
    assert any("saved as version 1 by Ben" in s.value for s in at.success)
    wb = Workbench(Settings(home=team_home))
    service = ReviewService(wb)
    state = service.state(service.runs()[0][0].run_id, assertion_id)[1]
    wb.close()
    assert [(e.reviewer, e.action) for e in state.history] == [("Ben", ReviewAction.ACCEPT)]

    at.button(key="account.sign_out").click().run()
    assert _on_sign_in_screen(at)
    assert _on_sign_in_screen(_open(at, "review"))


def test_a_reviewer_query_parameter_does_not_name_the_reviewer(team_home: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["reviewer"] = "Ada"
    at.run()
    assert _on_sign_in_screen(at)
    _sign_in(at, "Ben")
    assert "Signed in as <b>Ben</b>" in _text(at) and "Ada" not in _text(at)


def test_a_reviewer_does_not_see_corpus_management_an_admin_does(team_home: Path) -> None:
    reviewer = _open(_sign_in(_start(), "Ben"), "corpora")
    assert not [b for b in reviewer.button if b.key == "corpora.add"]
    assert not [e for e in reviewer.expander if e.label == "Add documents"]
    assert "Adding and removing documents is for admins." in _text(reviewer)
    assert "They stand on Easter Island." in _text(reviewer)  # reading is for everyone
    assert not [b for b in reviewer.button if b.key.startswith("corpora.remove")]
    assert reviewer.text_input(key="corpora.search")  # searching is reading
    admin = _open(_sign_in(_start(), "Ada"), "corpora")
    assert [b for b in admin.button if b.key == "corpora.add"]
    assert [b for b in admin.button if b.key == "corpora.remove.preview_button"]


def test_claimreview_download_is_for_editors(team_home: Path) -> None:
    def downloads(name: str) -> list[str]:
        at = _open(_sign_in(_start(), name), "reports")
        return [str(d.proto.label) for d in at.get("download_button")]

    assert "ClaimReview" not in downloads("Ben") and "MD" in downloads("Ben")
    assert "ClaimReview" in downloads("Eve")


def test_a_disabled_account_is_signed_out_at_its_next_click(team_home: Path) -> None:
    at = _sign_in(_start(), "Ben")
    accept = next(b for b in at.button if b.label == "Accept")
    wb = Workbench(Settings(home=team_home))
    users = UserService(wb)
    users.disable("Ben", by=users.get("Ada"))
    wb.close()
    accept.click().run()
    assert _on_sign_in_screen(at)
    wb = Workbench(Settings(home=team_home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    histories = [s.history for _, s in service.results(run_id)]
    wb.close()
    assert histories and not any(histories)  # the click saved nothing


def test_no_password_hash_on_any_screen(team_home: Path) -> None:
    at = _sign_in(_start(), "Nobody", "wrong password")
    shown = [_text(at)]
    at = _sign_in(_start(), "Ada")
    for page in PAGES:
        shown.append(_text(_open(at, page)))
    assert len(shown) == 1 + len(PAGES)
    assert not [s for s in shown if "argon2" in s]

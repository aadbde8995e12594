"""Who decided a verdict and whether it is published, from hand-built event sequences."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.desk.decisions import same_person, sign_off_fields
from workbench.records import Label, ReviewAction, ReviewEvent, ReviewStatus, VerdictFields

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MACHINE = VerdictFields(label=Label.SUPPORTED, rationale="The source says so.")
EDITED = VerdictFields(label=Label.REFUTED, rationale="It says the opposite.")
AFTER = {
    ReviewAction.ACCEPT: ReviewStatus.ACCEPTED,
    ReviewAction.REJECT: ReviewStatus.REJECTED,
    ReviewAction.EDIT: ReviewStatus.EDITED,
    ReviewAction.RECHECK: ReviewStatus.PENDING,
    ReviewAction.SEND_BACK: ReviewStatus.PENDING,
}


def _events(*steps: tuple[str, ReviewAction]) -> list[ReviewEvent]:
    status, events = ReviewStatus.PENDING, []
    for version, (who, action) in enumerate(steps, 1):
        after = AFTER.get(action, status)
        events.append(
            ReviewEvent(
                run_id="run-1",
                assertion_id="as-1",
                version=version,
                reviewer=who,
                at=T0.replace(minute=version),
                action=action,
                status_before=status,
                status_after=after,
                before=MACHINE,
                after=EDITED if action == ReviewAction.EDIT else MACHINE,
                note="look again" if action == ReviewAction.SEND_BACK else None,
            )
        )
        status = after
    return events


def test_a_verdict_nobody_reviewed_has_no_decider_and_is_not_published() -> None:
    assert sign_off_fields([]) == {
        "deciders": (),
        "signed_off_by": None,
        "signed_off_at": None,
        "published": False,
        "sent_back": None,
    }


def test_a_second_persons_sign_off_publishes_and_names_both() -> None:
    fields = sign_off_fields(_events(("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SIGN_OFF)))
    assert fields["deciders"] == ("Ben",)
    assert (fields["signed_off_by"], fields["signed_off_at"]) == ("Eve", T0.replace(minute=2))
    assert fields["published"] is True


def test_an_accept_of_someone_elses_edit_makes_both_deciders() -> None:
    fields = sign_off_fields(_events(("Ben", ReviewAction.EDIT), ("Cleo", ReviewAction.ACCEPT)))
    assert fields["deciders"] == ("Ben", "Cleo") and not fields["published"]


def test_a_note_keeps_the_sign_off_and_a_later_edit_drops_it() -> None:
    signed = _events(
        ("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SIGN_OFF), ("Ben", ReviewAction.NOTE)
    )
    assert sign_off_fields(signed)["published"] is True
    changed = _events(
        ("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SIGN_OFF), ("Ben", ReviewAction.EDIT)
    )
    fields = sign_off_fields(changed)
    assert (fields["published"], fields["signed_off_by"]) == (False, None)
    assert fields["deciders"] == ("Ben",)  # the same person twice counts once


def test_a_rejection_or_recheck_starts_the_deciders_afresh() -> None:
    for reset in (ReviewAction.REJECT, ReviewAction.RECHECK):
        fields = sign_off_fields(
            _events(("Ben", ReviewAction.ACCEPT), ("Cleo", reset), ("Dan", ReviewAction.ACCEPT))
        )
        assert fields["deciders"] == ("Dan",), reset


def test_a_send_back_is_kept_until_someone_decides_again() -> None:
    back = _events(("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SEND_BACK))
    fields = sign_off_fields(back)
    assert fields["sent_back"] is back[-1] and fields["deciders"] == ()
    again = _events(
        ("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SEND_BACK), ("Ben", ReviewAction.EDIT)
    )
    assert sign_off_fields(again)["sent_back"] is None


def test_names_are_one_person_in_any_case() -> None:
    assert same_person("Ben", " ben ") and not same_person("Ben", "Benny")

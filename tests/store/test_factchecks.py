"""The fact-check archive table on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from workbench.records import (
    FactCheck,
    ImportedOrigin,
    Label,
    ReviewedOrigin,
    imported_factcheck_id,
    reviewed_factcheck_id,
)
from workbench.store import factchecks
from workbench.store.db import Database


@pytest.fixture
def db(each_database: str) -> Database:
    database = Database(each_database)
    yield database
    database.close()


def imported(claim: str, rating: str, line: int = 1, **fields) -> FactCheck:  # type: ignore[no-untyped-def]
    url = fields.pop("url", None)
    publisher = fields.pop("reviewer_or_publisher", "Desk")
    return FactCheck(
        id=imported_factcheck_id(url, claim, rating, publisher),
        claim=claim,
        label=fields.pop("label", None),
        rating=rating,
        url=url,
        reviewer_or_publisher=publisher,
        origin=ImportedOrigin(file="in.jsonl", line=line),
        **fields,
    )


def reviewed(run_id: str, assertion_id: str, label: Label) -> FactCheck:
    return FactCheck(
        id=reviewed_factcheck_id(run_id, assertion_id),
        claim="The Moai were carved by the Rapa Nui.",
        label=label,
        rating=label.value,
        reviewer_or_publisher="Ana",
        origin=ReviewedOrigin(run_id=run_id, assertion_id=assertion_id),
    )


def test_ids_come_from_the_url_else_the_content() -> None:
    by_url = imported_factcheck_id("HTTPS://Example.org/a#x", "c", "False", "P")
    assert by_url == imported_factcheck_id("https://example.org/a#x", "other", "True", None)
    assert by_url != imported_factcheck_id("https://example.org/a#y", "c", "False", "P")
    content = imported_factcheck_id(None, "The  Moai\nwere carved.", "FALSE", "Desk")
    assert content == imported_factcheck_id("", "the moai were carved.", "false", " desk ")
    assert content != imported_factcheck_id(None, "The Moai were carved.", "True", "Desk")
    assert reviewed_factcheck_id("run-1", "as-1") != reviewed_factcheck_id("run-2", "as-1")


def test_put_get_list_remove(db: Database) -> None:
    old = imported("Vaccines contain microchips.", "False", date=date(2021, 3, 1))
    new = imported("The moon landing was staged.", "Pants on Fire!", date=date(2023, 5, 2))
    undated = imported("Bananas are berries.", "True", label=Label.SUPPORTED)
    with db.transaction() as session:
        for fc in (old, undated, new):
            factchecks.put(session, fc)
    with db.transaction() as session:
        assert factchecks.get(session, old.id) == old
        assert factchecks.get(session, "fc-nope") is None
        assert [fc.id for fc in factchecks.list_all(session)] == [new.id, old.id, undated.id]
        assert factchecks.list_all(session, limit=1) == [new]
        assert factchecks.count(session) == 3
        assert factchecks.remove(session, old.id) is True
        assert factchecks.remove(session, old.id) is False
    with db.transaction() as session:
        assert factchecks.count(session) == 2
        assert sorted(factchecks.all_claims(session)) == sorted(
            [(new.id, new.claim), (undated.id, undated.claim)]
        )


def test_get_many_finds_the_existing_ones(db: Database) -> None:
    stored = [imported(f"Claim {i}.", "False") for i in range(1200)]
    with db.transaction() as session:
        for fc in stored:
            factchecks.put(session, fc, new=True)
    with db.transaction() as session:
        found = factchecks.get_many(session, [fc.id for fc in stored] + ["fc-nope"])
    assert found == {fc.id: fc for fc in stored}  # across three chunks of 500


def test_put_replaces_the_record_with_the_same_id(db: Database) -> None:
    first = imported("A claim.", "False", url="https://fc.example/1")
    again = imported("A claim, reworded.", "True", url="https://fc.example/1", line=7)
    assert first.id == again.id
    with db.transaction() as session:
        factchecks.put(session, first)
        factchecks.put(session, again)
    with db.transaction() as session:
        assert factchecks.list_all(session) == [again]


def test_search_needs_every_word_as_a_word_start(db: Database) -> None:
    microchips = imported("Vaccines contain MICROCHIPS.", "False")
    party = imported("The party won 5G licences.", "Mostly false", rationale="Vaccine talk.")
    headline = imported(
        "Masks do nothing.", "Incorrect", title="Vaccines and masks", date=date(2024, 1, 1)
    )
    with db.transaction() as session:
        for fc in (microchips, party, headline):
            factchecks.put(session, fc)
    with db.transaction() as session:

        def ids(text: str) -> list[str]:
            return [fc.id for fc in factchecks.search(session, text)]

        assert ids("vaccin microchip") == [microchips.id]
        # The claim's own words first, though the headline match is newer and this one undated.
        assert ids("  VACCINES, ") == [microchips.id, headline.id]
        assert ids("vaccines masks") == [headline.id]
        assert set(ids("vaccine")) == {microchips.id, party.id, headline.id}  # rationale, title
        assert ids("art") == []  # "party" does not start with it
        assert ids("5g") == [party.id]
        assert ids("mostly false") == [party.id]  # the rating is searched too
        assert ids("%") == [] and ids("") == []
        assert ids("microchips_") == []  # "_" is a word character, not a LIKE wildcard


def test_search_folds_case_beyond_ascii(db: Database) -> None:
    fc = imported("ÉTUDE: Straße gesperrt.", "Faux")
    with db.transaction() as session:
        factchecks.put(session, fc)
    with db.transaction() as session:
        assert factchecks.search(session, "étude STRASSE") == [fc]  # ß casefolds to ss
        assert factchecks.search(session, "ÉTU GESPERRT") == [fc]  # SQL lower() would miss É
        assert factchecks.search(session, "etude") == []  # accents are kept


def test_one_entry_per_reviewed_verdict(db: Database) -> None:
    with db.transaction() as session:
        factchecks.set_reviewed(session, "run-1", "as-1", reviewed("run-1", "as-1", Label.REFUTED))
        factchecks.set_reviewed(session, "run-2", "as-1", reviewed("run-2", "as-1", Label.REFUTED))
    with db.transaction() as session:
        assert factchecks.reviewed(session, "run-1", "as-1").label == Label.REFUTED
        factchecks.set_reviewed(
            session, "run-1", "as-1", reviewed("run-1", "as-1", Label.SUPPORTED)
        )
    with db.transaction() as session:
        assert factchecks.reviewed(session, "run-1", "as-1").label == Label.SUPPORTED
        assert sorted(factchecks.reviewed_keys(session)) == [("run-1", "as-1"), ("run-2", "as-1")]
        factchecks.set_reviewed(session, "run-1", "as-1", None)
    with db.transaction() as session:
        assert factchecks.reviewed(session, "run-1", "as-1") is None
        assert factchecks.reviewed_keys(session) == [("run-2", "as-1")]

    twin = reviewed("run-2", "as-1", Label.REFUTED).model_copy(update={"id": "fc-other"})
    with pytest.raises(IntegrityError), db.transaction() as session:
        factchecks.put(session, twin)  # a second entry for the same verdict is refused


def test_a_failed_transaction_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        factchecks.put(session, imported("A claim.", "False"))
        raise RuntimeError("crash mid-import")
    with db.transaction() as session:
        assert factchecks.count(session) == 0

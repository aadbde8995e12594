"""Importing fact-check files into a real database, and our own ClaimReview export back in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import check_supported_claim

from workbench.export import ExportFormat, export_run
from workbench.factchecks.archive import list_factchecks, search_factchecks
from workbench.factchecks.importer import import_files, import_uploads
from workbench.records import ImportedOrigin, ImportProblem, Label, ReviewedOrigin
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import ExportOptions, RatingStep, Settings

PLAIN = [
    {"claim": "5G spreads viruses.", "rating": "False", "url": "https://fc.example/5g"},
    {"claim": "Bananas are berries.", "rating": "True", "publisher": "Desk", "date": "2021-01-02"},
    {"claim": "The tax cut paid for itself.", "rating": "Mostly false", "title": "Tax cut"},
]


def claim_review(claim: str, rating: str, url: str | None = None) -> dict[str, object]:
    review: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "author": {"@type": "Organization", "name": "Example Checks"},
    }
    return {**review, "url": url} if url else review


@pytest.fixture
def wb(tmp_path: Path) -> Workbench:
    workbench = Workbench(Settings(home=tmp_path / "home"))
    yield workbench
    workbench.close()


def jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def test_plain_lines_and_claimreview_forms_go_in(wb: Workbench, tmp_path: Path) -> None:
    plain = jsonl(tmp_path / "plain.jsonl", PLAIN)
    one = tmp_path / "one.json"
    one.write_text(json.dumps(claim_review("The moon is cheese.", "Pants on Fire!"), indent=2))
    listed = tmp_path / "list.json"
    listed.write_text(
        json.dumps([claim_review("Vaccines cause autism.", "Incorrect", "https://x.example/1")])
    )
    lines = jsonl(tmp_path / "reviews.jsonl", [claim_review("Tea is a fruit.", "Satire")])
    report = import_files(wb, [plain, one, listed, lines])
    assert (report.files, report.added, report.updated, report.unchanged) == (4, 6, 0, 0)
    assert report.ok and report.warnings == ()
    by_claim = {fc.claim: fc for fc in list_factchecks(wb)}
    assert {claim: (fc.label, fc.rating) for claim, fc in by_claim.items()} == {
        "5G spreads viruses.": (Label.REFUTED, "False"),
        "Bananas are berries.": (Label.SUPPORTED, "True"),
        "The tax cut paid for itself.": (None, "Mostly false"),
        "The moon is cheese.": (Label.REFUTED, "Pants on Fire!"),
        "Vaccines cause autism.": (Label.REFUTED, "Incorrect"),
        "Tea is a fruit.": (None, "Satire"),
    }
    assert by_claim["Bananas are berries."].origin == ImportedOrigin(file=str(plain), line=2)
    assert by_claim["The moon is cheese."].origin == ImportedOrigin(file=str(one), line=1)
    assert [fc.claim for fc in search_factchecks(wb, "cheese moon")] == ["The moon is cheese."]


def test_importing_the_same_file_again_changes_nothing(wb: Workbench, tmp_path: Path) -> None:
    plain = jsonl(tmp_path / "plain.jsonl", PLAIN)
    first = import_files(wb, [plain])
    before = list_factchecks(wb)
    again = import_files(wb, [plain])
    assert (first.added, again.added, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert list_factchecks(wb) == before  # origins included: still the first import's lines

    # The same records under another name, and one re-rated at the same URL.
    moved = [{**PLAIN[0], "rating": "Pants on Fire"}, PLAIN[1], PLAIN[2]]
    later = import_files(wb, [jsonl(tmp_path / "later.jsonl", moved)])
    assert (later.added, later.updated, later.unchanged) == (0, 1, 2)
    [rerated] = [fc for fc in list_factchecks(wb) if fc.url == PLAIN[0]["url"]]
    assert rerated.rating == "Pants on Fire"
    assert rerated.origin == ImportedOrigin(file=str(tmp_path / "later.jsonl"), line=1)


def test_a_key_twice_in_one_file_is_one_fact_check(wb: Workbench, tmp_path: Path) -> None:
    rerated = {**PLAIN[0], "rating": "Pants on Fire"}
    path = jsonl(tmp_path / "twice.jsonl", [PLAIN[0], PLAIN[0], rerated])
    report = import_files(wb, [path])
    assert (report.added, report.unchanged, report.updated) == (1, 1, 1)
    [fc] = list_factchecks(wb)
    assert (fc.rating, fc.origin) == ("Pants on Fire", ImportedOrigin(file=str(path), line=3))


def test_bad_lines_are_reported_by_line_and_good_ones_kept(wb: Workbench, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps(PLAIN[0])
        + "\n"
        + '{"claim": "half a line\n'
        + json.dumps({"claim": "No rating here."})
        + "\n\n"
        + json.dumps({**PLAIN[1], "date": "2 Jan 2021"})
        + "\n"
        + json.dumps(["not", "an", "object"])
        + "\n"
    )
    report = import_files(wb, [path])
    assert (report.added, report.unchanged) == (2, 0) and not report.ok
    name = str(path)
    assert report.failed == (
        ImportProblem(file=name, line=2, reason="not valid JSON: Unterminated string starting at"),
        ImportProblem(file=name, line=3, reason="rating is missing or empty"),
        ImportProblem(file=name, line=6, reason="a JSON list, not an object"),
    )
    assert report.warnings == (
        ImportProblem(
            file=name,
            line=5,
            reason="date '2 Jan 2021' is not an ISO date (YYYY-MM-DD): left out",
        ),
    )
    assert {fc.claim for fc in list_factchecks(wb)} == {PLAIN[0]["claim"], PLAIN[1]["claim"]}


def test_a_broken_file_is_skipped_and_the_others_go_in(wb: Workbench, tmp_path: Path) -> None:
    good = jsonl(tmp_path / "good.jsonl", PLAIN[:1])
    broken = tmp_path / "broken.json"
    broken.write_text('{"@type": "ClaimReview", "claimReviewed": "cut off')
    binary = tmp_path / "scan.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    report = import_files(wb, [broken, good, tmp_path / "missing.json", binary, tmp_path])
    assert (report.files, report.added) == (5, 1)
    reasons = {(Path(p.file).name, p.line): p.reason for p in report.failed}
    assert reasons[("broken.json", None)].startswith("no JSON object in it")
    assert reasons[("missing.json", None)] == "cannot read it: No such file or directory"
    assert reasons[("scan.json", None)].startswith("not UTF-8 text")
    assert reasons[(tmp_path.name, None)] == "a folder: name the files to import"
    assert [fc.claim for fc in list_factchecks(wb)] == [PLAIN[0]["claim"]]


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    wb = Workbench(Settings(home=tmp_path / "home", max_file_mb=0.0001))  # about 100 bytes
    big = jsonl(tmp_path / "big.jsonl", PLAIN)
    report = import_files(wb, [big])
    uploaded = import_uploads(wb, [("big.jsonl", big.read_bytes())])
    wb.close()
    assert report.added == 0 and "larger than 0.0001 MB" in report.failed[0].reason
    assert uploaded.failed[0].file == "big.jsonl" and "WORKBENCH_MAX_FILE_MB" in (
        uploaded.failed[0].reason
    )


def test_uploads_are_named_by_their_file_name(wb: Workbench) -> None:
    data = json.dumps(PLAIN[1]).encode()
    report = import_uploads(wb, [("C:\\fakepath/desk.jsonl", data)])
    assert report.added == 1
    assert list_factchecks(wb)[0].origin == ImportedOrigin(file="desk.jsonl", line=1)


CUSTOM_SCALE = ExportOptions(
    organisation="Island Desk",
    rating_scale={
        "SUPPORTED": RatingStep(value=4, name="Checks out"),
        "CONFLICTING": RatingStep(value=3, name="Two sides"),
        "NOT_ENOUGH_EVIDENCE": RatingStep(value=2, name="Open question"),
        "REFUTED": RatingStep(value=1, name="Debunked"),
    },
)


@pytest.mark.parametrize("options", [ExportOptions(), CUSTOM_SCALE], ids=["default", "custom"])
def test_our_claimreview_export_imports_back(
    workbench: Workbench, tmp_path: Path, options: ExportOptions
) -> None:
    """A reviewed run through the real export, each label in turn, imported back."""
    workbench.settings.export = options
    claim = "Puyi was the last emperor of China."
    outcome = check_supported_claim(
        workbench,
        tmp_path,
        "Puyi was the last emperor of China.",
        claim,
        "Who was the last emperor of China?",
    )
    run_id = outcome.run.run_id
    assertion_id = outcome.results[0].assertion.assertion_id
    service = ReviewService(workbench)
    exported = []
    for version, label in enumerate(Label):
        service.edit(run_id, assertion_id, "Ana", version, label=label, rationale=f"Says {label}.")
        path = tmp_path / f"{label.value}.claimreview.json"
        path.write_bytes(export_run(workbench, run_id, ExportFormat.CLAIMREVIEW))
        exported.append(path)

    report = import_files(workbench, exported)
    assert (report.added, report.failed, report.warnings) == (4, (), ())
    imported = [fc for fc in list_factchecks(workbench) if isinstance(fc.origin, ImportedOrigin)]
    assert sorted((fc.claim, fc.rating, fc.label) for fc in imported) == sorted(
        (claim, options.rating_scale[label.value].name, label) for label in Label
    )
    assert {(fc.reviewer_or_publisher, fc.rationale) for fc in imported} >= {
        (options.organisation, "Says REFUTED.")
    }
    # The reviewed verdict itself is in the archive once, with its last label.
    [own] = [fc for fc in list_factchecks(workbench) if isinstance(fc.origin, ReviewedOrigin)]
    assert (own.claim, own.label, own.rating) == (
        claim,
        Label.CONFLICTING,  # Label's last member: the last edit
        options.rating_scale["CONFLICTING"].name,
    )
    assert import_files(workbench, exported).unchanged == 4

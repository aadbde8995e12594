"""The fact-check archive: verdicts reviewed here (archive.py) and fact-checks imported from
ClaimReview or JSON Lines files (importer.py), in one table (store/factchecks.py)."""

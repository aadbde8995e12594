"""Claim matching: has this claim been fact-checked before? Hybrid retrieval over the
fact-check archive (archive_index.py), pair features (features.py) and a learned re-ranker
(reranker.py) that says "same claim" with a score in [0, 1]; matcher.py ties them to the
archive and to `check`, evaluate.py runs the CheckThat! 2020 Task 2 format."""

"""The learned check-worthiness ranker as shipped: its weights load, its scores are
probabilities, deterministic, and order a statistic above small talk."""

from __future__ import annotations

import json

import numpy as np
import pytest

from workbench.check.assertions import classify
from workbench.check.checkworthiness import (
    RULE_FEATURES,
    WEIGHTS_FILE,
    Ranker,
    default_ranker,
    most_worth_checking,
    rank,
    rule_features,
)
from workbench.llm.embeddings import minilm_id
from workbench.records import Assertion, AssertionKind, AttributionKind

STATISTIC = "Unemployment fell to 4.9 percent last year, the lowest rate since 2008."
SMALL_TALK = "Thank you, good evening."
OPINION = "I think we should all be proud of this wonderful country."


def _assertion(i: int, text: str) -> Assertion:
    return Assertion(
        assertion_id=f"as-{i}",
        article_id="art-1",
        start=i * 100,
        end=i * 100 + len(text),
        text=text,
        kind=classify(text)[0],
        attribution=AttributionKind.NONE,
        checkworthy=0.5,
    )


def test_the_shipped_weights_load_and_match_the_feature_code() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    ranker = default_ranker()
    assert ranker.version == data["version"]
    assert ranker.dense_weights.shape == (384 + len(RULE_FEATURES),)  # MiniLM + rules
    assert np.isfinite(ranker.dense_weights).all() and np.isfinite(ranker.bias)
    assert len(ranker.words) == len(data["words"]["vocabulary"]) > 1000
    assert len(ranker.fitted_on) == 16  # the CheckThat! 2019 dev documents, named
    assert "free for general research use" in data["fitted_on"]["data"]
    lodo = data["leave_one_document_out"]  # validated on documents it was not fitted on
    assert lodo["embedding+rules+words"]["map"] > lodo["rules"]["map"]
    assert set(lodo["per_document_ap"]) == set(ranker.fitted_on)


def test_the_ranker_embeds_with_the_minilm_layers_its_weights_were_fitted_on(embeddings) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    ranker = default_ranker()
    assert (
        ranker.embedder_layers
        == data["embedder_layers"]
        == data["hyperparameters"]["dense"]["minilm_layers"]
    )
    own = ranker.embedder_for(embeddings)  # the check hands over its whole-model embedder
    assert own.model_id == ranker.embedder == minilm_id(ranker.embedder_layers)
    assert own.layers == ranker.embedder_layers
    assert (own is embeddings) == (own.model_id == embeddings.model_id)
    assert ranker.embedder_for(None) is own  # loaded once per process


def test_weights_for_other_rule_features_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["rule_features"] = data["rule_features"][:-1]
    stale = tmp_path / "weights.json"
    stale.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="retrain"):
        Ranker.load(stale)


def test_scores_are_in_0_1_deterministic_and_rank_a_statistic_above_small_talk(
    embeddings,  # type: ignore[no-untyped-def]
) -> None:
    ranker = default_ranker()
    texts = [SMALL_TALK, OPINION, STATISTIC]
    first = ranker.score(texts, embedder=embeddings)
    again = ranker.score(list(reversed(texts)), embedder=embeddings)[::-1]
    assert all(0.0 <= s <= 1.0 for s in first)
    assert first == again  # neither the call nor the batch order changes a score
    small_talk, opinion, statistic = first
    assert statistic > opinion and statistic > small_talk
    assert ranker.score([]) == []


def test_rank_sets_the_score_and_keeps_everything_else(embeddings) -> None:  # type: ignore[no-untyped-def]
    assertions = [_assertion(0, SMALL_TALK), _assertion(1, STATISTIC)]
    ranked = rank(assertions, embeddings)
    assert [a.text for a in ranked] == [SMALL_TALK, STATISTIC]  # article order kept
    assert ranked[1].checkworthy > ranked[0].checkworthy
    assert ranked[0].model_dump(exclude={"checkworthy"}) == assertions[0].model_dump(
        exclude={"checkworthy"}
    )
    assert most_worth_checking(ranked) == [1, 0]


def test_ties_keep_article_order() -> None:
    same = [_assertion(i, STATISTIC).model_copy(update={"checkworthy": 0.4}) for i in range(3)]
    assert most_worth_checking(same) == [0, 1, 2]


def test_rule_features_see_numbers_statistics_dates_and_kind() -> None:
    features = dict(
        zip(RULE_FEATURES, rule_features(STATISTIC, AssertionKind.STATISTIC), strict=True)
    )
    assert features["number"] == features["statistic"] == features["date"] == 1.0
    assert features["kind_statistic"] == 1.0 and features["kind_opinion"] == 0.0
    short = dict(zip(RULE_FEATURES, rule_features(SMALL_TALK, AssertionKind.FACTUAL), strict=True))
    assert short["short"] == 1.0 and short["number"] == 0.0

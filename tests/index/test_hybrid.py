from workbench.index.hybrid import RRF_K, reciprocal_rank_fusion


def test_rrf_rewards_items_both_retrievers_found() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "d", "a"]])
    order = [item for item, _ in fused]
    assert order[:2] == ["a", "c"]  # in both lists
    assert set(order) == {"a", "b", "c", "d"}
    assert dict(fused)["a"] == 1 / (RRF_K + 1) + 1 / (RRF_K + 3)


def test_rrf_with_one_empty_ranking_keeps_the_other_order() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([[], ["x", "y", "z"]])] == ["x", "y", "z"]
    assert reciprocal_rank_fusion([[], []]) == []

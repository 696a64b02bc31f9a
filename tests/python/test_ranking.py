"""Ranking helpers: generic (govindex.ranking) and the PAR INDEX / PAPI conventions (govindex.vn.ranking)."""

from __future__ import annotations

import math

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import VN
from govindex import ranking
from govindex.vn import ranking as vn_ranking


def series(values, index=None):
    return pd.Series(values, index=index or [f"u{i}" for i in range(len(values))], dtype=float, name="x")


def ints(values):
    return [None if v is pd.NA else int(v) for v in values]


def test_competition_ranks_with_ties_and_unranked():
    x = series([3, 1, math.nan, 1, 2])
    assert ints(ranking.rank_descending(x)) == [1, 3, None, 3, 2]
    assert ints(ranking.rank_ascending(x)) == [4, 1, None, 1, 3]
    assert ranking.rank_ascending(x).dtype == "Int64" and list(ranking.rank_ascending(x).index) == list(x.index)


def test_rank_within_region():
    x = series([90, 85, 88, 70, math.nan, 95])
    groups = pd.Series(["A", "A", "B", "B", "A", None], index=x.index)
    assert ints(ranking.rank_within_groups(x, groups)) == [1, 2, 1, 2, None, None]
    assert ints(ranking.rank_within_groups(x, groups, order=gi._core.RankOrder.ascending)) == [2, 1, 2, 1, None, None]


def test_rank_change_positive_is_improvement():
    before = pd.Series([63.0, 44.0, 5.0], index=["83", "77", "01"])
    after = pd.Series([44.0, 16.0, 3.0], index=["83", "77", "22"])
    change = ranking.rank_change(before, after)
    assert list(change.index) == ["83", "77", "22", "01"]
    assert ints(change) == [19, 28, None, None]


def test_par_index_groups():
    x = series([91.04, 90.0, 89.99, 80.0, 79.97, 70.0, math.nan])
    labels = ranking.assign_bands(x, vn_ranking.par_index_groups())
    assert [None if v is pd.NA else v for v in labels] == ["A", "A", "B", "B", "C", "C", None]
    with pytest.raises(gi.MethodError, match=r'unit "u1": value 69.5 falls in no band'):
        ranking.assign_bands(series([91, 69.5]), vn_ranking.par_index_groups())
    with pytest.raises(gi.MethodError, match="overlaps"):
        ranking.assign_bands(
            x, [gi._core.Band(label="A", low=90, high=np.inf), gi._core.Band(label="B", low=80, high=91)]
        )


def test_papi_quartile_groups_by_hand_and_on_2020():
    assert ints(vn_ranking.papi_quartile_groups(series([1, 2, 3, 4, 5, 6, 7, 8, math.nan]))) == [
        4,
        4,
        3,
        3,
        2,
        2,
        1,
        1,
        None,
    ]
    assert ints(vn_ranking.papi_quartile_groups(series([1, 2, 3, 4, 5]))) == [4, 3, 2, 1, 1]
    score = pd.read_csv(VN / "papi_2020.csv", dtype={"province_code": str}).set_index("province_code")["score"]
    groups = vn_ranking.papi_quartile_groups(score)
    # PAPI 2020 was reported as 16 best, 16 high-average, 15 low-average, 16 poor performers
    assert groups.value_counts().sort_index().tolist() == [16, 16, 15, 16]
    assert groups["22"] == 1  # Quảng Ninh, 48.811, top
    assert vn_ranking.PAPI_GROUP_LABELS[1] == "best performers"

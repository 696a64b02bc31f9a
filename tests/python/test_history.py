"""PAPI per province over the years: computed ranks, groups and changes (govindex.vn.history)."""

from __future__ import annotations

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from govindex.vn import history, published


def test_every_province_and_year():
    table = history.papi_history()
    assert table.index.names == ["province_code", "year"]
    assert len(table) == 63 * len(published.PAPI_YEARS)
    # Ranks are computed among the provinces with a total that year, ties sharing the better rank.
    for year in (2016, 2021):
        one = table.xs(year, level="year")
        expected = one["score"].rank(method="min", ascending=False)
        assert (one["rank_computed"].astype(float).fillna(-1) == expected.fillna(-1)).all()
        assert (one["provinces_ranked"] == one["score"].notna().sum()).all()
    # A published 0 with missing dimensions is no data (2022: Bắc Giang 24, Bắc Ninh 27).
    for code in ("24", "27"):
        row = table.loc[(code, 2022)]
        assert np.isnan(row["score"]) and pd.isna(row["rank_computed"]) and row["score_source"] == "none"


def test_one_province_by_any_name():
    ben_tre = history.papi_history("Bến Tre")
    assert ben_tre.equals(history.papi_history("Ben Tre")) and ben_tre.equals(history.papi_history(83))
    assert list(ben_tre.index) == list(published.PAPI_YEARS)
    assert (ben_tre.loc[2015:2017, "score_source"] == "computed").all()
    assert (ben_tre.loc[2018:, "score_source"] == "published").all()
    assert ben_tre.loc[2019, "score"] == published.papi(2019).loc["83", "score"]
    # Change from the previous year: rank before - rank after (positive = moved up).
    assert ben_tre.loc[2021, "rank_change"] == ben_tre.loc[2020, "rank_computed"] - ben_tre.loc[2021, "rank_computed"]
    assert ben_tre.loc[2022, "score_change"] == pytest.approx(ben_tre.loc[2022, "score"] - ben_tre.loc[2021, "score"])
    assert np.isnan(ben_tre.loc[2018, "score_change"])  # 6 dimensions to 2017, 8 from 2018: no score change
    assert not pd.isna(ben_tre.loc[2018, "rank_change"])  # ranks still compare
    assert set(ben_tre["group_label"].dropna()) <= set(gi.vn.ranking.PAPI_GROUP_LABELS.values())


def test_unknown_province():
    with pytest.raises(gi.UnknownCodeError):
        history.papi_history("Atlantis")


def test_par_index_path_of_ben_tre_with_the_methodology_in_force():
    path = history.par_index_history("Ben Tre")
    assert path["rank"].tolist() == [63, 44, 37, 56, 54]  # 2019-2023, as the VNA report gives
    assert path.loc[2019, "score"] == 73.87
    assert path["rank_change"].tolist()[1:] == [19, 7, -19, 2]
    timeline = gi.vn.indices.method_timeline("par_index", [2019, 2020, 2021, 2022, 2023])
    assert path["decision"].tolist() == timeline["decision"].tolist()
    assert path.loc[2022, "decision"] == "876/QĐ-BNV"


def test_pci_published_ranks_and_change():
    ben_tre = history.pci_history("83")
    assert ben_tre["rank"].tolist() == [7, 18] and ben_tre.loc[2021, "rank_change"] == -11
    assert str(ben_tre["rank"].dtype) == "Int64"
    everyone = history.pci_history()
    assert everyone.index.names == ["province_code", "year"]
    with pytest.raises(gi.UnknownCodeError, match="no published row"):
        history.pci_history("Hà Giang")

"""Provinces as entities (look-up by code, name, ASCII, PAPI spelling, alias) and ranking helpers."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import pytest

import govindex as gi
import govindex.provinces as vn
from govindex import _core

from conftest import VN

PROVINCES_CSV = VN / "provinces.csv"
TABLE = pd.read_csv(PROVINCES_CSV, dtype=str, keep_default_na=False)


# --- look-up ----------------------------------------------------------------------------------------


def test_sixty_three_provinces_and_six_regions():
    frame = vn.provinces()
    assert frame.shape == (63, 7)
    assert list(frame.index[:3]) == ["01", "02", "04"]
    assert frame.loc["83", "name_vi"] == "Bến Tre"
    regions = vn.regions()
    assert list(regions.index) == ["DBSH", "TDMNPB", "BTB_DHMT", "TN", "DNB", "DBSCL"]
    assert regions["provinces"].tolist() == [11, 14, 14, 5, 6, 13]
    assert regions.loc["DBSCL", "name_en"] == "Mekong River Delta"


@pytest.mark.parametrize("column", ["name_vi", "name_ascii", "papi_name_en", "papi_name_vi"])
def test_every_spelling_of_every_province_resolves(column):
    codes = vn.resolve(TABLE[column])
    assert codes == TABLE["province_code"].tolist()


@pytest.mark.parametrize("column", ["name_vi", "papi_name_vi"])
def test_nfd_and_upper_case_input_resolves(column):
    nfd = [unicodedata.normalize("NFD", name) for name in TABLE[column]]
    assert sum(a != b for a, b in zip(nfd, TABLE[column])) >= 50  # most names really change in NFD
    assert vn.resolve(nfd) == TABLE["province_code"].tolist()
    assert vn.resolve([name.upper() for name in TABLE[column]]) == TABLE["province_code"].tolist()


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["TT-Huế", "TT Huế", "TT-Hue", "Thừa Thiên Huế", "Thừa Thiên-Huế", "Thua Thien-Hue", "Huế"], "46"),
        (["BRVT", "BR-VT", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Ba Ria-Vung Tau", "Tỉnh Bà Rịa - Vũng Tàu"], "77"),
        (["TP.HCM", "TP HCM", "HCMC", "Hồ Chí Minh", "Ho Chi Minh City", "TP. Hồ Chí Minh",
          "Thành phố Hồ Chí Minh", "Sài Gòn"], "79"),
        (["Hà Nội", "Ha Noi", "Hanoi", "TP. Hà Nội", "Thành phố Hà Nội"], "01"),
        (["Thanh Hoá", "Thanh Hóa", "Thanh Hoa"], "38"),
        (["Đắk Lắk", "Đăk Lăk", "Dak Lak", "Daklak"], "66"),
    ],
)
def test_aliases(names, code):
    assert vn.resolve(names) == [code] * len(names)


def test_province_by_code_and_int():
    assert vn.province("83").name_vi == "Bến Tre"
    assert vn.province(1).code == "01"
    ben_tre = vn.province("Ben Tre")
    assert (ben_tre.region_code, ben_tre.region_en, ben_tre.type) == ("DBSCL", "Mekong River Delta", "tỉnh")
    assert "TT-Huế" in vn.province("46").aliases


def test_misspelling_lists_nearest_names():
    with pytest.raises(gi.UnknownCodeError) as info:
        vn.province("Ben Tree")
    assert isinstance(info.value, KeyError)
    assert 'no province "Ben Tree"; nearest: Bến Tre (83), ' in str(info.value)
    assert vn.registry().nearest("Quang Nin") == ["22", "44", "49"]  # Quảng Ninh 1 edit, Quảng Bình/Nam 2
    with pytest.raises(KeyError, match=r'item 2 "Bến Tree" \(nearest: Bến Tre\); item 3 "Dong Thapp"'):
        vn.resolve(["Hà Nội", "Bến Tree", "Dong Thapp"])
    assert vn.registry().find_code("Atlantis") is None


HEADER = "province_code,name_vi,name_ascii,type,region_code,region_vi,region_en\n"
HA_NOI = "01,Hà Nội,Ha Noi,thành phố trực thuộc trung ương,DBSH,Đồng bằng sông Hồng,Red River Delta\n"
BEN_TRE = "83,Bến Tre,Ben Tre,tỉnh,DBSCL,Đồng bằng sông Cửu Long,Mekong River Delta\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + HA_NOI + BEN_TRE + HA_NOI, r'line 4, column "province_code": duplicate code "01" \(first on line 2\)'),
        ("province_code,name_vi,name_ascii,type,region_vi,region_en\n", r'line 1, column "region_code": missing column'),
        (HEADER + BEN_TRE.replace("DBSCL", "MEKONG"), r'line 2, column "region_code": unknown region "MEKONG"'),
    ],
)
def test_bad_provinces_file_is_located(tmp_path, text, message):
    path = tmp_path / "provinces.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(gi.InputError, match=message) as info:
        _core.read_provinces(path)
    assert str(path) in str(info.value)


def test_bad_alias_is_located(tmp_path):
    (tmp_path / "p.csv").write_text(HEADER + HA_NOI + BEN_TRE, encoding="utf-8")
    (tmp_path / "a.csv").write_text("province_code,alias\n83,Ha-Noi\n", encoding="utf-8")
    with pytest.raises(gi.InputError, match=r'a.csv line 2, column "alias": "Ha-Noi" already names Hà Nội \(01\)'):
        _core.read_provinces(tmp_path / "p.csv", tmp_path / "a.csv")


# --- ranking helpers ------------------------------------------------------------------------------------


def series(values, index=None):
    return pd.Series(values, index=index or [f"u{i}" for i in range(len(values))], dtype=float, name="x")


def ints(values):
    return [None if v is pd.NA else int(v) for v in values]


def test_competition_ranks_with_ties_and_unranked():
    x = series([3, 1, math.nan, 1, 2])
    assert ints(vn.rank_descending(x)) == [1, 3, None, 3, 2]
    assert ints(vn.rank_ascending(x)) == [4, 1, None, 1, 3]
    assert vn.rank_ascending(x).dtype == "Int64" and list(vn.rank_ascending(x).index) == list(x.index)


def test_rank_within_region():
    x = series([90, 85, 88, 70, math.nan, 95])
    groups = pd.Series(["A", "A", "B", "B", "A", None], index=x.index)
    assert ints(vn.rank_within_groups(x, groups)) == [1, 2, 1, 2, None, None]
    assert ints(vn.rank_within_groups(x, groups, order=gi._core.RankOrder.ascending)) == [2, 1, 2, 1, None, None]


def test_rank_change_positive_is_improvement():
    before = pd.Series([63.0, 44.0, 5.0], index=["83", "77", "01"])
    after = pd.Series([44.0, 16.0, 3.0], index=["83", "77", "22"])
    change = vn.rank_change(before, after)
    assert list(change.index) == ["83", "77", "22", "01"]
    assert ints(change) == [19, 28, None, None]


def test_par_index_groups():
    x = series([91.04, 90.0, 89.99, 80.0, 79.97, 70.0, math.nan])
    labels = vn.assign_bands(x, vn.par_index_groups())
    assert [None if v is pd.NA else v for v in labels] == ["A", "A", "B", "B", "C", "C", None]
    with pytest.raises(gi.MethodError, match=r'unit "u1": value 69.5 falls in no band'):
        vn.assign_bands(series([91, 69.5]), vn.par_index_groups())
    with pytest.raises(gi.MethodError, match="overlaps"):
        vn.assign_bands(x, [gi._core.Band(label="A", low=90, high=np.inf), gi._core.Band(label="B", low=80, high=91)])


def test_papi_quartile_groups_by_hand_and_on_2020():
    assert ints(vn.papi_quartile_groups(series([1, 2, 3, 4, 5, 6, 7, 8, math.nan]))) == [4, 4, 3, 3, 2, 2, 1, 1, None]
    assert ints(vn.papi_quartile_groups(series([1, 2, 3, 4, 5]))) == [4, 3, 2, 1, 1]
    score = pd.read_csv(VN / "papi_2020.csv", dtype={"province_code": str}).set_index("province_code")["score"]
    groups = vn.papi_quartile_groups(score)
    # PAPI 2020 was reported as 16 best, 16 high-average, 15 low-average, 16 poor performers
    assert groups.value_counts().sort_index().tolist() == [16, 16, 15, 16]
    assert groups["22"] == 1  # Quảng Ninh, 48.811, top
    assert vn.PAPI_GROUP_LABELS[1] == "best performers"

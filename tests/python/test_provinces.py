"""Provinces as entities (look-up by code, name, ASCII, PAPI spelling, alias): govindex.vn.provinces."""

from __future__ import annotations

import unicodedata

import govindex as gi
import pandas as pd
import pytest
from conftest import VN
from govindex import _core
from govindex.vn import provinces as vn

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
        (
            [
                "TP.HCM",
                "TP HCM",
                "HCMC",
                "Hồ Chí Minh",
                "Ho Chi Minh City",
                "TP. Hồ Chí Minh",
                "Thành phố Hồ Chí Minh",
                "Sài Gòn",
            ],
            "79",
        ),
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
        (
            HEADER + HA_NOI + BEN_TRE + HA_NOI,
            r'line 4, column "province_code": duplicate code "01" \(first on line 2\)',
        ),
        (
            "province_code,name_vi,name_ascii,type,region_vi,region_en\n",
            r'line 1, column "region_code": missing column',
        ),
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

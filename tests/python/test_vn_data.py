"""The shipped Vietnamese data: shapes, years, published values, header checks."""

from __future__ import annotations

import filecmp
import shutil

import govindex as gi
import pandas as pd
import pytest
from conftest import VN
from govindex.vn import provinces, published
from govindex.vn.provinces import data_folder


def test_installed_files_equal_the_repository_copies():
    installed = data_folder()
    names = sorted(p.name for p in VN.glob("*.csv"))
    assert len(names) == 16
    for name in names:
        assert filecmp.cmp(installed / name, VN / name, shallow=False), name
    assert (installed / "README.md").is_file() and (installed / "province_aliases.csv").is_file()


@pytest.mark.parametrize("year", published.PAPI_YEARS)
def test_papi_shapes_and_years(year):
    frame = published.papi(year)
    assert frame.shape[0] == 63 and frame.index.name == "province_code"
    assert (frame["assessment_year"] == year).all() and (frame["publication_year"] == year + 1).all()
    dims = [f"d{k}" for k in range(1, 9)]
    assert [d for d in dims if d in frame.columns] == dims[: 8 if year >= 2018 else 6]
    assert "rank" not in frame.columns
    assert frame.loc["83", "province"] == "Bến Tre" and frame.loc["83", "region_code"] == "DBSCL"
    complete = frame.dropna(subset=["score", *[d for d in dims if d in frame.columns]])
    total = complete[[d for d in dims if d in frame.columns]].sum(axis=1)
    assert (total - complete["score"]).abs().max() < 0.002 if len(complete) else year <= 2017


def test_papi_published_values():
    # README: 2022 Quảng Ninh total 47.8763; 2020 press totals; 2021 BR-VT 40.61; 2019 Hà Nội 41.53 / 43.52 weighted
    assert published.papi(2022).loc["22", "score"] == pytest.approx(47.8763, abs=5e-5)
    p2020 = published.papi(2020)
    for code, total in {"22": 48.811, "87": 46.961, "19": 46.471, "01": 41.629, "79": 41.985}.items():
        assert p2020.loc[code, "score"] == pytest.approx(total, abs=5e-4), code
    assert published.papi(2021).loc["77", "score"] == pytest.approx(40.61, abs=5e-3)
    p2019 = published.papi(2019)
    assert p2019.loc["01", "score"] == pytest.approx(41.53, abs=5e-3)
    assert p2019.loc["01", "weighted_score"] == pytest.approx(43.52, abs=5e-3)
    assert p2019.loc["83", "d1"] == pytest.approx(5.58, abs=5e-3)  # Bến Tre D1 2019 (vn-indices.md §5)
    assert published.papi(2017)["score"].isna().all()  # no total printed for 2015-2017
    assert pd.isna(published.papi(2021).loc["24", "score"])  # Bắc Giang 2021 missing, not 0
    assert published.papi(2023).loc["01", "observations"] == 1120
    with pytest.raises(gi.UnknownCodeError, match="no shipped PAPI table for 2014"):
        published.papi(2014)


def test_pci_partial_tables():
    p2019 = published.pci(2019)
    assert p2019.shape[0] == 23 and p2019["rank"].dtype == "Int64"
    assert p2019["rank"].isna().sum() == 1 and pd.isna(p2019.loc["79", "score"])  # TP HCM shown as N/A
    assert 14 not in set(p2019["rank"].dropna())
    assert (p2019.loc["83", "score"], p2019.loc["83", "rank"], p2019.loc["83", "tier"]) == (69.34, 7, "Tốt")
    assert (p2019["publication_year"] == 2020).all()
    p2021 = published.pci(2021)
    assert p2021["rank"].tolist() == list(range(1, 22))
    assert p2021.loc["22", "score"] == 73.02 and p2021.loc["22", "province"] == "Quảng Ninh"
    with pytest.raises(KeyError, match="no shipped PCI table for 2022"):
        published.pci(2022)


def test_headline_and_par_index_points():
    head = published.headline_points()
    assert head.shape == (48, 10)
    ben_tre = head[(head["province_code"] == "83") & (head["index"] == "PAR_INDEX")]
    assert ben_tre["rank"].tolist() == [63, 44, 37, 56] and ben_tre["assessment_year"].tolist() == [
        2019,
        2020,
        2021,
        2022,
    ]
    assert (head["publication_year"] == head["assessment_year"] + 1).all()
    par = published.par_index_points()
    assert par.shape == (58, 13)
    assert par.loc[par["province"] == "Thừa Thiên Huế", "province_code"].unique().tolist() == ["46"]
    top2020 = par[(par["assessment_year"] == 2020) & par["appraisal_points"].notna()]
    assert len(top2020) == 10
    parts = top2020[["appraisal_points", "sipas_points", "leader_survey_points", "socioecon_impact_points"]].sum(axis=1)
    assert (parts - top2020["score"]).abs().max() <= 0.02


def test_loaders_agree_with_the_province_registry():
    assert provinces.provinces().shape == (63, 7) and provinces.regions().shape == (6, 3)


@pytest.fixture()
def copy(tmp_path):
    for path in data_folder().glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_missing_column_is_located(copy):
    path = copy / "pci_2021_partial.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",transparency,", ",transparancy,", 1), encoding="utf-8")
    with pytest.raises(gi.InputError, match=r'pci_2021_partial.csv line 1, column "transparency": missing column'):
        published.pci(2021, folder=copy)


def test_bad_number_and_unknown_code_are_located(copy):
    path = copy / "papi_2020.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",,", ",n/a,", 1)  # the empty rank cell of line 4
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(gi.InputError, match=r'papi_2020.csv line 4, column "rank": expected a number, found "n/a"'):
        published.papi(2020, folder=copy)
    head = copy / "headline_points.csv"
    head.write_text(head.read_text(encoding="utf-8").replace(",Đà Nẵng,48,", ",Đà Nẵng,99,", 1), encoding="utf-8")
    with pytest.raises(
        gi.InputError, match=r'headline_points.csv line 2, column "province_code": unknown province code "99"'
    ):
        published.headline_points(folder=copy)


def test_unexpected_column_is_located(copy):
    path = copy / "papi_2016.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",d6_4", ",d7", 1), encoding="utf-8")
    with pytest.raises(gi.InputError, match=r'papi_2016.csv line 1, column "d7": unexpected column'):
        published.papi(2016, folder=copy)


@pytest.mark.parametrize("year", [2019, 2022, 2023])
def test_papi_total_carries_the_published_standard_errors(year):
    table = published.papi(year)
    data = published.papi_total(year)
    assert data.columns == ["score"] and data.has_standard_errors()
    assert data.unit_codes == list(table.index) and data.unit_names == list(table["province"])
    # Exactly the published numbers, through the `score_se` column convention.
    assert data.values["score"].equals(table["score"].rename_axis("uCode"))
    assert data.standard_errors["score"].equals(table["se"].rename(None).rename_axis("uCode").rename("score"))
    assert data.standard_error("01", "score") == table.loc["01", "se"]


def test_papi_total_without_published_standard_errors():
    data = published.papi_total(2020)
    assert not data.has_standard_errors() and data.standard_errors["score"].isna().all()
    framework = published.papi_total_framework()
    assert framework.indicators == ["score"] and framework.root == "PAPI"


def test_a_year_must_be_an_int():
    with pytest.raises(TypeError, match="year: expected an int such as 2021, found str '2021'"):
        gi.vn.published.papi("2021")
    with pytest.raises(TypeError, match="year: expected an int"):
        gi.vn.published.pci("2019")

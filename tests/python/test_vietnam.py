"""PAPI, PCI and PAR INDEX recomputed from the published tables shipped in data/vn.

Sources of the tables: ../shared/data/vn/README.md; formulas: ../shared/domain/vn-indices.md
(PAPI section 3.1, PCI section 4.2) and ../shared/domain/par-index.md (section 2).
"""

from __future__ import annotations

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import VN
from govindex.vn import indices as vn

#: PCI weights 2014-2021 as published (vn-indices.md section 4.2, pcivietnam.vn methodology).
PUBLISHED_PCI_WEIGHTS = {
    "entry_costs": 0.05,
    "land_access": 0.05,
    "transparency": 0.20,
    "time_costs": 0.05,
    "informal_charges": 0.10,
    "policy_bias": 0.05,
    "proactivity": 0.05,
    "business_support": 0.20,
    "labor_training": 0.20,
    "law_and_order": 0.05,
}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(VN / name, dtype={"province_code": str}, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def papi() -> dict[int, pd.DataFrame]:
    return {year: read(f"papi_{year}.csv") for year in vn.PAPI_YEARS}


# --- PAPI ---------------------------------------------------------------------------------------


def test_papi_dimensions_by_version():
    assert vn.papi_dimensions(2015) == ["d1", "d2", "d3", "d4", "d5", "d6"]
    assert vn.papi_dimensions(2017) == ["d1", "d2", "d3", "d4", "d5", "d6"]
    assert vn.papi_dimensions(2018) == ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]
    assert vn.papi_dimensions(2024) == ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]
    with pytest.raises(gi.UnknownCodeError, match="2009"):
        vn.papi_dimensions(2009)  # the PAPI family starts in 2011


def test_papi_totals_equal_the_published_totals_every_year(papi):
    # Every complete row with a published total, 2018-2024: 61 + 63 + 63 + 60 + 61 + 61 + 61 = 430
    # rows; measured max |difference| 2.9e-06 (the data are float32 copies of the workbooks).
    checked = {}
    worst = 0.0
    for year, frame in papi.items():
        totals = vn.papi_totals(frame, year)
        rows = totals[totals["complete"] & totals["published"].notna()]
        checked[year] = len(rows)
        if len(rows):
            worst = max(worst, float(rows["difference"].abs().max()))
            assert (rows["difference"].abs() < 0.002).all(), year
    assert checked == {2015: 0, 2016: 0, 2017: 0, 2018: 61, 2019: 63, 2020: 63, 2021: 60, 2022: 61, 2023: 61, 2024: 61}
    assert sum(checked.values()) == 430
    assert worst < 1e-5


def test_papi_2015_2017_totals_are_computed_not_published(papi):
    for year in (2015, 2016, 2017):
        totals = vn.papi_totals(papi[year], year)
        assert totals["published"].isna().all()
        assert totals["complete"].all() and len(totals) == 63
        assert (totals["dimensions"] == 6).all()
        assert totals["computed"].between(6, 60).all()
    # Bến Tre 2017 = 39.52 as the sum of its 6 dimensions (vn-indices.md section 5, computed).
    t2017 = vn.papi_totals(papi[2017], 2017)
    assert t2017.loc["Bến Tre", "computed"] == pytest.approx(39.52, abs=0.005)


def test_papi_incomplete_rows_have_no_computed_total(papi):
    # 2022: Bắc Giang and Bắc Ninh have a published total but 4 dimensions missing (KCDL).
    totals = vn.papi_totals(papi[2022], 2022)
    incomplete = totals[~totals["complete"]]
    assert sorted(incomplete.index) == ["Bắc Giang", "Bắc Ninh"]
    assert incomplete["computed"].isna().all() and incomplete["published"].notna().all()


def test_papi_dimensions_equal_the_sum_of_their_subdimensions(papi):
    # All rows of all years with sub-dimensions (2015-2019, 2022, 2023): 3,122 (province, dimension)
    # pairs; max |difference| 0.000695 = Hà Nội 2022 d1, whose sub-dimensions 1.3 and 1.4 are
    # printed with 2 decimals in the workbook; every other pair agrees within 5e-07.
    counts = {}
    worst = (0.0, None)
    for year, frame in papi.items():
        check = vn.papi_subdimension_check(frame)
        done = check[check["checked"]]
        counts[year] = len(done)
        assert (done["difference"].abs() < 0.002).all(), year
        if len(done):
            i = done["difference"].abs().idxmax()
            if abs(done.loc[i, "difference"]) > worst[0]:
                worst = (abs(done.loc[i, "difference"]), (year, done.loc[i, "province"], done.loc[i, "dimension"]))
    assert counts == {
        2015: 378,
        2016: 378,
        2017: 378,
        2018: 500,
        2019: 504,
        2020: 0,
        2021: 0,
        2022: 496,
        2023: 488,
        2024: 0,
    }
    assert sum(counts.values()) == 3122
    assert worst[1] == (2022, "Hà Nội", "d1") and worst[0] == pytest.approx(0.000695, abs=1e-6)


def test_papi_subdimension_columns_match_the_methodology_tree(papi):
    # The d<k>_<j> columns of each year are exactly the children of d<k> in the PAPI version in
    # force (data/vn/methodologies/papi.toml), e.g. d5_2 gone in 2022-2023, d8_3 from 2019.
    from govindex import methodology

    family = methodology.family("papi")
    compared = 0
    for year, frame in papi.items():
        version = family.version_for(year)
        for dim in vn.papi_dimensions(year):
            columns = [c for c in frame.columns if c.startswith(dim + "_")]
            if columns:
                assert columns == list(version.children(dim)), (year, dim)
                compared += 1
    assert compared == 3 * 6 + 2 * 8 + 2 * 8  # 2015-2017, 2018-2019, 2022-2023


def test_papi_subdimension_check_detects_a_wrong_dimension(papi):
    frame = papi[2019].copy()
    frame.loc[0, "d3"] += 0.01
    check = vn.papi_subdimension_check(frame)
    bad = check[check["checked"] & (check["difference"].abs() > 0.002)]
    assert list(zip(bad["province"], bad["dimension"])) == [("Hà Nội", "d3")]


def test_papi_comparable_series_for_ben_tre(papi):
    series = vn.papi_comparable_series(papi, "Bến Tre")
    assert list(series.index) == list(range(2015, 2025))
    assert list(series.columns[:6]) == list(vn.PAPI_COMPARABLE_DIMENSIONS)
    assert (series["dimensions_in_force"] == [6, 6, 6] + [8] * 7).all()
    # Totals in force: 2017 39.52 (6 dims, computed), 2018 47.05, 2021 39.59, 2024 41.25 (vn-indices.md section 5).
    assert series.loc[2017, "total_in_force"] == pytest.approx(39.52, abs=0.005)
    assert series.loc[2018, "total_in_force"] == pytest.approx(47.05, abs=0.005)
    assert series.loc[2021, "published_total"] == pytest.approx(39.59, abs=0.005)
    assert series.loc[2024, "published_total"] == pytest.approx(41.25, abs=0.005)
    # Comparable part: d1..d6 in every year; equals the total in force up to 2017.
    assert series["comparable_total"].notna().all()
    early = series.loc[2015:2017]
    assert np.allclose(early["comparable_total"], early["total_in_force"])
    assert (series.loc[2018:, "comparable_total"] < series.loc[2018:, "total_in_force"]).all()
    # D1 5.58 -> 4.30 from 2019 to 2021 (vn-indices.md section 5).
    assert series.loc[2019, "d1"] == pytest.approx(5.58, abs=0.005)
    assert series.loc[2021, "d1"] == pytest.approx(4.30, abs=0.005)
    # By code, and NFD input, give the same series.
    import unicodedata

    assert vn.papi_comparable_series(papi, "83").equals(series)
    assert vn.papi_comparable_series(papi, unicodedata.normalize("NFD", "Bến Tre")).equals(series)


def test_papi_comparable_series_missing_years_and_unknown_province(papi):
    # Quảng Ninh 2021 is missing from the data: NaN there, not an error.
    series = vn.papi_comparable_series(papi, "Quảng Ninh")
    assert np.isnan(series.loc[2021, "comparable_total"])
    assert series.loc[2020, "published_total"] == pytest.approx(48.811, abs=0.001)
    with pytest.raises(gi.UnknownCodeError):
        vn.papi_comparable_series(papi, "Atlantis")


# --- PCI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year, rows", [(2019, 22), (2021, 21)])
def test_pci_composites_reproduce_every_published_score(year, rows):
    # Every ranked row within 0.05 (measured: max 0.020 in both years, Đà Nẵng 2019 and Quảng Ninh
    # 2021; mean 0.008 - rounding of the 2-decimal sub-indices). The 2019 table also shows TP HCM
    # as N/A with no score and no sub-indices, so it has no composite and is not compared.
    table = read(f"pci_{year}_partial.csv")
    result = vn.pci_composite(table, year=year)
    compared = result[result["published"].notna()]
    assert len(compared) == rows
    assert compared["recomputed"].notna().all()
    assert (compared["difference"].abs() < 0.05).all(), compared["difference"].abs().max()
    skipped = result[result["published"].isna()]
    assert list(skipped.index) == (["Hồ Chí Minh"] if year == 2019 else [])
    assert skipped["recomputed"].isna().all()


def test_pci_weights_are_the_published_ones():
    # From data/vn/methodologies/pci.toml, versions "2014-2020" and "2021".
    weights = vn.pci_weights(2019)
    assert weights.to_dict() == pytest.approx(PUBLISHED_PCI_WEIGHTS)
    assert list(weights.index) == list(vn.PCI_SUBINDICES)
    assert vn.pci_weights(2021).to_dict() == pytest.approx(PUBLISHED_PCI_WEIGHTS)
    assert weights.sum() == pytest.approx(1.0)
    with pytest.raises(gi.MethodError, match="2022"):
        vn.pci_weights(2022)  # the 2022 version exists, its weights are unknown
    with pytest.raises(gi.UnknownCodeError, match="2013"):
        vn.pci_weights(2013)


@pytest.mark.parametrize("year", [2019, 2021])
def test_pci_weights_recovered_by_least_squares(year):
    table = read(f"pci_{year}_partial.csv")
    # Measured: max |recovered - published| 0.0013 (2019), 0.0005 (2021); max residual 0.016 / 0.020.
    table = table[table["score"].notna()].set_index("province")  # the N/A row has nothing to fit
    fit = vn.recover_weights(table[list(vn.PCI_SUBINDICES)], table["score"], scale=10.0)
    difference = (fit.weights - pd.Series(PUBLISHED_PCI_WEIGHTS)).abs()
    assert difference.max() < 0.01, difference
    assert fit.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert fit.max_abs_residual < 0.05
    assert fit.rank == 10 and fit.free_parameters == 9
    # Without the constraint the weights still sum to 1 within 0.01 (vn-indices.md: 0.9999).
    ols = vn.recover_weights(table[list(vn.PCI_SUBINDICES)], table["score"], scale=10.0, sum_to_one=False)
    assert abs(ols.weights.sum() - 1.0) < 0.01


def test_recover_weights_errors():
    x = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, np.nan, 1.0]}, index=["P", "Q", "R"])
    with pytest.raises(gi.InputError, match='unit "Q", component "b"'):
        vn.recover_weights(x, pd.Series([2.0, 2.0, 2.0], index=x.index))
    with pytest.raises(gi.NumericError, match="2 units for 3 weights"):
        vn.recover_weights(pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, 1.0], "c": [1.0, 1.0]}), pd.Series([1.0, 1.0]))
    with pytest.raises(gi.InputError, match="same index"):
        vn.recover_weights(x.fillna(0), pd.Series([1.0, 2.0, 3.0]))


def test_recover_weights_exact_synthetic():
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.uniform(1, 10, size=(8, 4)), columns=list("abcd"))
    w = pd.Series([0.1, 0.2, 0.3, 0.4], index=list("abcd"))
    fit = vn.recover_weights(x, x @ w * 100.0, scale=100.0)
    assert np.allclose(fit.weights, w, atol=1e-12)
    assert fit.max_abs_residual < 1e-10
    assert list(fit.residuals.index) == list(x.index)


# --- PAR INDEX ----------------------------------------------------------------------------------


def test_par_index_2020_components_add_up():
    # Top ten of 2020: appraised + SIPAS + leaders' survey + socio-economic impact = published index
    # within 0.02 (measured max 0.01: Quảng Ninh, Đồng Tháp and Phú Thọ, rounding).
    table = read("par_index_points_partial.csv")
    parts = vn.par_index_components(table, year=2020)
    assert len(parts) == 10
    assert list(parts["rank"]) == list(range(1, 11))
    assert (parts["difference"].abs() <= 0.02 + 1e-9).all(), parts["difference"].abs().max()
    assert parts["difference"].abs().max() == pytest.approx(0.01, abs=1e-9)
    # Survey share = (SIPAS part + leaders' survey) / index: Quảng Ninh (9.56 + 18.83) / 91.04.
    assert parts.loc["Quảng Ninh", "survey_share"] == pytest.approx((9.56 + 18.83) / 91.04)
    assert parts["survey_share"].between(0.30, 0.35).all()
    # Only the 2020 rows carry components.
    assert len(vn.par_index_components(table)) == 10


def test_par_index_components_of_one_province_over_years():
    # A province indexed by name has one row per year; a year without components is left out by
    # position (the labels repeat). Thừa Thiên Huế's 2021 row has no components: `govindex report
    # --province "TT-Huế"` failed on the repeated label with a pandas length error.
    from govindex.vn import published

    points = published.par_index_points()
    rows = points[points["province_code"].astype(str) == "46"].set_index("province")
    assert len(rows) == 2 and rows.index.is_unique is False
    parts = vn.par_index_components(rows)
    assert list(parts["year"]) == [2020]
    assert parts["component_sum"].iloc[0] == pytest.approx(88.47)


# --- with the shipped loaders (govindex.vn.published) ------------------------------------------------


def test_same_results_from_the_shipped_loaders(papi):
    from govindex.vn import published

    for year in (2017, 2021):
        a = vn.papi_totals(published.papi(year), year)
        b = vn.papi_totals(papi[year], year)
        assert list(a.index) == list(b.index)
        assert np.allclose(a["computed"], b["computed"], equal_nan=True)
    shipped = {year: published.papi(year) for year in vn.PAPI_YEARS}
    assert vn.papi_comparable_series(shipped, "83").equals(vn.papi_comparable_series(papi, "Bến Tre"))
    pci = vn.pci_composite(published.pci(2019), year=2019)
    assert pci["difference"].abs().max() < 0.05 and pci["recomputed"].isna().sum() == 1
    parts = vn.par_index_components(published.par_index_points(), year=2020)
    assert len(parts) == 10 and (parts["year"] == 2020).all()


# --- PAR INDEX methods by assessment year (data/vn/methodologies/par_index.toml) -------------------


def test_par_index_method_timeline():
    # par-index.md section 1.1: decision and signing date of the method in force per assessment year.
    t = vn.method_timeline("par_index", range(2017, 2025))
    expected = {
        2017: ("2948/QĐ-BNV", "2017-12-28"),
        2018: ("2636/QĐ-BNV", "2018-12-10"),
        2019: ("1150/QĐ-BNV", "2019-12-30"),
        2020: ("1149/QĐ-BNV", "2020-12-30"),
        2021: ("1149/QĐ-BNV", "2020-12-30"),
        2022: ("876/QĐ-BNV", "2022-11-10"),
        2023: ("876/QĐ-BNV", "2022-11-10"),
        2024: ("892/QĐ-BNV", "2024-12-05"),
    }
    assert {y: (r["decision"], r["signed_on"]) for y, r in t.iterrows()} == expected
    # 876 was signed 51 days before the end of 2022, the year it scored (Dec 31 - Nov 10).
    assert t.loc[2022, "days_before_year_end"] == 51 and t.loc[2022, "late"]
    assert not t.loc[2023, "late"] and not t.loc[2021, "late"]
    assert t.loc[2020, "days_before_year_end"] == 1


# --- the published checks run through Pipeline.run on the version's framework ------------------


def _direct_run(framework: gi.Framework, pipeline: gi.Pipeline, frame: pd.DataFrame) -> pd.DataFrame:
    """``Pipeline.run`` on the table's indicator columns, written out here (not vietnam._scores)."""
    data = frame[framework.indicators].astype(float).reset_index(drop=True)
    data.insert(0, "uCode", [f"u{i}" for i in range(len(data))])
    return pipeline.run(framework, gi.Dataset.from_frame(data, framework)).scores


def test_papi_totals_are_pipeline_runs_on_the_version_framework(papi):
    from govindex import methodology

    family = methodology.family("papi")
    rows = 0
    for year, frame in papi.items():
        version = family.version_for(year)
        framework = methodology.framework(version, depth=1)  # dimensions as indicators under the root
        pipeline = methodology.pipeline(version, depth=1)
        assert framework.indicators == vn.papi_dimensions(year)
        assert pipeline.steps == [gi.Aggregate(gi.WeightedSum(scale=1.0))]
        direct = _direct_run(framework, pipeline, frame)["papi"].to_numpy()
        totals = vn.papi_totals(frame, year)
        assert np.array_equal(totals["computed"].to_numpy(), direct, equal_nan=True), year
        rows += int((totals["complete"] & totals["published"].notna()).sum())
    assert rows == 430


@pytest.mark.parametrize("year", [2019, 2021])
def test_pci_composites_are_pipeline_runs_on_the_version_framework(year):
    from govindex import methodology

    version = methodology.family("pci").version_for(year)
    framework = methodology.framework(version)
    pipeline = methodology.pipeline(version)
    assert framework.indicators == list(vn.PCI_SUBINDICES)
    assert framework.weights().drop("pci").to_dict() == pytest.approx(PUBLISHED_PCI_WEIGHTS)
    assert pipeline.steps == [gi.Aggregate(gi.WeightedSum(scale=10.0))]  # PCI = 10 x sum(w_k s_k)
    table = read(f"pci_{year}_partial.csv")
    direct = _direct_run(framework, pipeline, table)["pci"].to_numpy()
    assert np.array_equal(vn.pci_composite(table, year=year)["recomputed"].to_numpy(), direct, equal_nan=True)
    # given weights: a framework of those weights, the same numbers
    given = vn.pci_composite(table, vn.pci_weights(year))
    assert np.allclose(given["recomputed"], direct, equal_nan=True, rtol=0, atol=1e-12)


def test_pci_2022_composite_names_the_unknown_weight():
    table = read("pci_2019_partial.csv")
    with pytest.raises(gi.MethodError, match=r'pci 2022\), node "entry_costs", field "weight"'):
        vn.pci_composite(table, year=2022)


def test_par_index_2020_components_are_a_pipeline_run():
    # The four published components under the total, WeightedSum: the same sums as a framework
    # built by hand from them.
    table = read("par_index_points_partial.csv")
    parts = vn.par_index_components(table, year=2020)
    meta = pd.DataFrame(
        {
            "iCode": list(vn.PAR_INDEX_COMPONENTS) + ["total"],
            "Level": [1, 1, 1, 1, 2],
            "Parent": ["total"] * 4 + [None],
            "Direction": 1,
            "Weight": 1.0,
            "Type": ["Indicator"] * 4 + ["Aggregate"],
        }
    )
    framework = gi.Framework.from_frame(meta)
    direct = _direct_run(framework, gi.Pipeline([gi.Aggregate(gi.WeightedSum())]), parts)["total"].to_numpy()
    assert np.array_equal(parts["component_sum"].to_numpy(), direct)
    weights = {"appraisal_points": 0.0, "socioecon_impact_points": 0.0}
    survey = _direct_run(framework, gi.Pipeline([gi.Aggregate(gi.WeightedSum(), weights=weights)]), parts)
    assert np.array_equal(parts["survey_points"].to_numpy(), survey["total"].to_numpy())


def test_papi_subdimension_sums_are_the_version_framework_run(papi):
    # The full tree of the version in force (sub-dimensions as indicators) gives the same dimension
    # sums as papi_subdimension_check, for every row checked.
    from govindex import methodology

    version = methodology.family("papi").version_for(2019)
    framework = methodology.framework(version)
    assert len(framework.indicators) == 29 and framework.max_level == 3
    direct = _direct_run(framework, methodology.pipeline(version), papi[2019])
    check = vn.papi_subdimension_check(papi[2019])
    done = check[check["checked"]]
    assert len(done) == 504
    for dim, rows in done.groupby("dimension"):
        positions = [list(papi[2019]["province"]).index(p) for p in rows["province"]]
        assert np.array_equal(rows["sum"].to_numpy(), direct[dim].to_numpy()[positions]), dim

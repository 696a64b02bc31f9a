"""The 2025 geography (63 provinces -> 34 units): govindex.vn.geography."""

from __future__ import annotations

import filecmp
import math

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from govindex.vn import geography as geo
from govindex.vn import provinces, published

ADMIN = ROOT / "data" / "vn-admin"
UNCHANGED = {
    "01": "Hà Nội",
    "04": "Cao Bằng",
    "11": "Điện Biên",
    "12": "Lai Châu",
    "14": "Sơn La",
    "20": "Lạng Sơn",
    "22": "Quảng Ninh",
    "38": "Thanh Hóa",
    "40": "Nghệ An",
    "42": "Hà Tĩnh",
    "46": "Huế",
}


# --- shipped data -----------------------------------------------------------------------------------


def test_installed_file_equals_the_repository_copy():
    installed = geo.data_folder()
    assert filecmp.cmp(installed / "province_merger_2025.csv", ADMIN / "province_merger_2025.csv", shallow=False)
    assert (installed / "README.md").is_file()


def test_sixty_three_provinces_map_to_thirty_four_units():
    merger = geo.merger_2025()
    assert merger.shape[0] == 63 and list(merger.index) == list(provinces.provinces().index)
    units = geo.units_2025()
    assert units.shape[0] == 34 and units.index.name == "unit_code"
    assert list(units.columns) == ["name", "name_ascii", "type", "members", "member_names", "merged"]
    assert sorted(c for members in units["members"] for c in members) == sorted(merger.index)
    assert units["type"].value_counts().to_dict() == {"tỉnh": 28, "thành phố trực thuộc trung ương": 6}
    assert units["members"].map(len).value_counts().to_dict() == {2: 17, 1: 11, 3: 6}
    # every unit keeps a former province's name, whose code is the unit code (Huế: its only province)
    for code, row in units.iterrows():
        assert code in row["members"]
        assert provinces.province(code).name_vi == row["name"] or (code, row["name"]) == ("46", "Huế")


def test_eleven_unchanged_units():
    units = geo.units_2025()
    unchanged = units[~units["merged"]]
    assert unchanged["name"].to_dict() == UNCHANGED
    assert all(members == (code,) for code, members in unchanged["members"].items())
    assert units.loc["46", "type"] == "thành phố trực thuộc trung ương"


def test_new_vinh_long_is_ben_tre_tra_vinh_vinh_long():
    units = geo.units_2025()
    row = units.loc["86"]
    assert (row["name"], row["name_ascii"], row["type"], row["merged"]) == ("Vĩnh Long", "Vinh Long", "tỉnh", True)
    assert row["members"] == ("83", "84", "86")
    assert row["member_names"] == ("Bến Tre", "Trà Vinh", "Vĩnh Long")
    assert units.loc["79", "member_names"] == ("Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh")


# --- look-up ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["83", 83, "Bến Tre", "Ben Tre", "BẾN TRE", "ben-tre", "Tỉnh Bến Tre"])
def test_unit_of_a_former_province(name):
    unit = geo.unit_2025(name)
    assert isinstance(unit, geo.Unit2025)
    assert (unit.code, unit.name, unit.members, unit.merged) == ("86", "Vĩnh Long", ("83", "84", "86"), True)


def test_unit_of_other_provinces():
    assert geo.unit_2025("TT-Huế").name == "Huế"
    assert geo.unit_2025("BRVT").name == "Hồ Chí Minh"
    assert geo.unit_2025("Bac Giang").name == "Bắc Ninh"
    assert geo.unit_2025("Ha Giang").code == "08"
    assert geo.unit_2025("Hà Nội").members == ("01",)
    with pytest.raises(gi.UnknownCodeError, match="nearest: Bến Tre"):
        geo.unit_2025("Ben Tree")


@pytest.mark.parametrize(
    "name", ["Vĩnh Long", "Vinh Long", "vinh long", "VĨNH LONG", "Vĩnh-Long", "Tỉnh Vĩnh Long", "86", 86]
)
def test_members_of_a_unit_by_name_with_and_without_diacritics(name):
    assert geo.members_2025(name) == ["83", "84", "86"]


def test_unit_names_and_former_spellings():
    assert geo.members_2025("Thành phố Hồ Chí Minh") == ["74", "77", "79"]
    assert geo.members_2025("TP.HCM") == ["74", "77", "79"]  # alias of the province whose name it keeps
    assert geo.members_2025("Hue") == ["46"] == geo.members_2025("Thừa Thiên Huế")
    assert geo.members_2025("Can Tho") == ["92", "93", "94"]
    assert geo.find_unit_2025("Dak Lak").members == ("54", "66")
    nfd = "Ca\u0300 Mau"  # NFD "Cà Mau"
    assert geo.members_2025(nfd) == ["95", "96"]


def test_unknown_unit_names():
    with pytest.raises(gi.UnknownCodeError) as info:
        geo.members_2025("Ben Tre")
    assert isinstance(info.value, KeyError)
    assert "Bến Tre (83) is a pre-2025 province, part of the 2025 unit Vĩnh Long (86)" in str(info.value)
    with pytest.raises(KeyError, match=r'no 2025 unit "Vinh Longg"; nearest: Vĩnh Long \(86\)'):
        geo.members_2025("Vinh Longg")
    with pytest.raises(gi.UnknownCodeError, match="nearest: "):
        geo.members_2025("Atlantis")
    with pytest.raises(
        gi.UnknownCodeError, match="Yên Bái .15. is a pre-2025 province, part of the 2025 unit Lào Cai .10."
    ):
        geo.members_2025("15")


# --- derived figures --------------------------------------------------------------------------------


def _table() -> pd.DataFrame:
    """Hand-made 63-province table: x = 10, except Vĩnh Long's former provinces; y mostly 1."""
    codes = list(provinces.provinces().index)
    table = pd.DataFrame({"x": 10.0, "y": 1.0, "label": "p"}, index=pd.Index(codes, name="province_code"))
    table.loc[["83", "84", "86"], "x"] = [40.0, 44.0, 50.0]
    table.loc["84", "y"] = np.nan  # Trà Vinh lacks y
    table.loc[["24", "27"], "x"] = [np.nan, np.nan]  # no member of Bắc Ninh has x
    return table


def test_to_2025_equal_weights():
    out = geo.to_2025(_table(), weights="equal")
    assert out.shape[0] == 34 and out.index.name == "unit_code"
    assert list(out.columns) == [
        "unit",
        "x",
        "y",
        "members",
        "members_with_data",
        "members_missing",
        "derived",
        "weights",
    ]
    vl = out.loc["86"]
    assert vl["unit"] == "Vĩnh Long"
    assert vl["x"] == pytest.approx((40 + 44 + 50) / 3)
    assert vl["y"] == pytest.approx(1.0)
    assert (vl["members"], vl["members_with_data"], vl["members_missing"]) == (("83", "84", "86"), 2, ("84",))
    assert bool(vl["derived"]) and vl["weights"] == "equal"
    assert math.isnan(out.loc["27", "x"]) and out.loc["27", "members_with_data"] == 0
    assert out.loc["01", "x"] == 10.0 and not out.loc["01", "derived"]
    assert out["derived"].sum() == 23
    assert "no official rule" in out.attrs["note"]


def test_to_2025_explicit_weights_and_missing_value():
    table = _table()
    population = pd.Series(1.0, index=table.index, name="population 2019")
    population[["83", "84", "86"]] = [1.3, 1.0, 1.0]
    out = geo.to_2025(table, weights=population, value_columns=["x", "y"])
    assert out.loc["86", "x"] == pytest.approx((1.3 * 40 + 44 + 50) / 3.3)
    assert out.loc["86", "y"] == pytest.approx(1.0)  # Trà Vinh dropped from y's mean
    assert out.loc["86", "weights"] == "population 2019"
    table.loc["86", "x"] = np.nan
    stated = {**{c: 1 for c in table.index if c not in UNCHANGED}, "83": 3, "84": 1, "86": 5}
    out = geo.to_2025(table, weights=stated, value_columns="x")  # unchanged units need no weight
    assert list(out.columns[:2]) == ["unit", "x"] and out.loc["86", "x"] == pytest.approx((3 * 40 + 44) / 4)
    assert out.loc["86", "members_with_data"] == 2 and out.loc["86", "weights"] == "stated weights"


def test_to_2025_weights_from_a_column_and_int_index():
    table = _table().drop(columns="label")
    table["n"] = 1.0
    table.loc["83", "n"] = 3.0
    out = geo.to_2025(table, weights="n", value_columns=["x"])
    assert out.loc["86", "x"] == pytest.approx((3 * 40 + 44 + 50) / 5)
    assert out.loc["86", "weights"] == "column n"
    by_int = table.set_axis([int(c) for c in table.index])
    assert geo.to_2025(by_int, weights="n", value_columns=["x"]).equals(out)


def test_to_2025_bad_inputs():
    table = _table()
    with pytest.raises(
        gi.InputError,
        match=r"no weight \(stated weights\) for provinces with data in merged "
        r"units: 02 Hà Giang, 06 Bắc Kạn, .* 26 Vĩnh Phúc, 30 Hải Dương ... \(47 provinces\)",
    ):
        geo.to_2025(table, weights={"83": 1.0, "84": 1.0, "86": 1.0}, value_columns=["x"])  # 24, 27 lack x
    with pytest.raises(gi.InputError, match=r"no weight \(w\) for provinces with data in merged units: 84 Trà Vinh$"):
        geo.to_2025(table, weights=pd.Series(1.0, index=table.index, name="w").drop("84"))
    with pytest.raises(gi.InputError, match=r"negative weights \(w\): 84 Trà Vinh \(-1\)"):
        geo.to_2025(table, weights=pd.Series(1.0, index=table.index, name="w").mask(table.index == "84", -1.0))
    with pytest.raises(gi.InputError, match="weights for an unknown province 'Atlantis'"):
        geo.to_2025(table, weights={"Atlantis": 1.0})
    with pytest.raises(gi.InputError, match=r'weights "population" is neither "equal" nor a column'):
        geo.to_2025(table, weights="population")
    with pytest.raises(TypeError):
        geo.to_2025(table, "equal")  # weights is keyword-only and required
    zero = pd.Series(1.0, index=table.index)
    zero[["83", "84", "86"]] = 0.0
    with pytest.raises(gi.InputError, match="weights .* of Vĩnh Long's members with a value in x sum to 0"):
        geo.to_2025(table, weights=zero, value_columns=["x"])
    with pytest.raises(gi.InputError, match="value_columns not in the table: z"):
        geo.to_2025(table, weights="equal", value_columns=["x", "z"])
    with pytest.raises(gi.InputError, match="value_columns are not numeric: label"):
        geo.to_2025(table, weights="equal", value_columns=["label"])
    by_name = table.rename(index=lambda c: provinces.province(c).name_vi)
    with pytest.raises(
        gi.InputError, match=r"not a province code: 'Hà Nội', .* \(63 rows\); the index holds province names"
    ):
        geo.to_2025(by_name, weights="equal")
    with pytest.raises(gi.InputError, match=r"use table.set_index\(\"province_code\"\)"):
        geo.to_2025(table.reset_index(), weights="equal")
    with pytest.raises(gi.InputError, match="not a province code: '99'"):
        geo.to_2025(pd.concat([table, table.iloc[[0]].set_axis(["99"])]), weights="equal")
    with pytest.raises(gi.InputError, match="province codes repeated in the index: 01"):
        geo.to_2025(pd.concat([table, table.iloc[[0]]]), weights="equal")
    assert isinstance(gi.InputError("x"), ValueError)


# --- side by side on the published PAPI 2023 -----------------------------------------------------


def test_side_by_side_vinh_long_papi_2023():
    papi = published.papi(2023)
    columns = ["score", "d1", "d8", "observations"]
    view = geo.side_by_side("Vĩnh Long", papi, value_columns=columns)
    assert list(view.index) == ["83", "84", "86"]
    assert view["name"].tolist() == ["Bến Tre", "Trà Vinh", "Vĩnh Long"]
    assert (view["row"] == "province").all()
    pd.testing.assert_frame_equal(view[columns], papi.loc[["83", "84", "86"], columns], check_names=False)

    weighted = geo.side_by_side("vinh long", papi, weights="observations", value_columns=["score", "d1"])
    assert list(weighted.index) == ["83", "84", "86", "unit 86"]
    assert weighted.loc[["83", "84", "86"], "score"].tolist() == papi.loc[["83", "84", "86"], "score"].tolist()
    assert weighted.loc[["83", "84", "86"], "weight"].tolist() == papi.loc[["83", "84", "86"], "observations"].tolist()
    n = papi.loc[["83", "84", "86"], "observations"]
    expected = float((papi.loc[["83", "84", "86"], "score"] * n).sum() / n.sum())
    assert weighted.loc["unit 86", "score"] == pytest.approx(expected)
    assert weighted.loc["unit 86", "row"] == "derived 2025 unit (weights: column observations)"
    assert weighted.loc["unit 86", "name"] == "Vĩnh Long"
    mapped = geo.to_2025(papi, weights="observations", value_columns=["score", "d1"])
    assert mapped.loc["86", "score"] == pytest.approx(expected)
    assert "no official rule" in weighted.attrs["note"]


def test_to_2025_on_papi_2023_equal_weights_counts_missing_provinces():
    papi = published.papi(2023)
    out = geo.to_2025(papi, weights="equal", value_columns=["score"])
    assert out.loc["86", "score"] == pytest.approx(papi.loc[["83", "84", "86"], "score"].mean())
    # README: Quảng Ninh and Bình Dương have no 2023 total
    assert math.isnan(out.loc["22", "score"]) and out.loc["22", "members_with_data"] == 0
    assert out.loc["79", "members_missing"] == ("74",) and out.loc["79", "members_with_data"] == 2
    assert out.loc["79", "score"] == pytest.approx(papi.loc[["77", "79"], "score"].mean())


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 1.0, None, ["01"]])
def test_find_unit_2025_refuses_what_is_not_a_name_or_code(value):
    """find_unit_2025(True) returned Hà Nội (True is the int 1)."""
    with pytest.raises(gi.ArgumentTypeError, match=r"^name_or_code: expected a unit name \(str\) or unit code"):
        geo.find_unit_2025(value)
    assert geo.find_unit_2025(1).name == geo.find_unit_2025("01").name


# --- the run behind to_2025: merger framework, contributions, explain ----------------------------


def test_merger_framework_provinces_under_units_under_a_root():
    fw = geo.merger_framework(weights="equal")
    assert isinstance(fw, gi.Framework) and fw.root == geo.MERGER_ROOT and fw.max_level == 3
    assert fw.indicators == list(provinces.provinces().index)
    units = geo.units_2025()
    assert fw.level_codes(2) == [f"unit {code}" for code in units.index]
    assert geo.merger_node("Vĩnh Long") == "unit 86" == geo.merger_node(86)
    assert fw.children("unit 86") == ["83", "84", "86"] and fw.node("unit 86").name == "Vĩnh Long"
    assert fw.node("83").name == "Bến Tre" and fw.node("unit 46").name == "Huế"
    assert fw.children("unit 01") == ["01"]
    stated = {**{c: 1.0 for c in provinces.provinces().index}, "83": 3.0, "01": 7.0}
    weights = geo.merger_framework(weights=stated).weights()
    assert weights["83"] == 3.0 and weights["84"] == 1.0
    assert weights["01"] == 1.0  # an unchanged unit carries its province's value whatever its weight
    by_name = {provinces.province(c).name_vi: w for c, w in stated.items()}
    assert geo.merger_framework(weights=by_name) == geo.merger_framework(weights=stated)
    with pytest.raises(gi.InputError, match='weights "n" names a column: pass the table too'):
        geo.merger_framework(weights="n")
    with pytest.raises(gi.InputError, match=r"no weight \(stated weights\) for provinces in merged units: 02 Hà Giang"):
        geo.merger_framework(weights={"83": 1.0})
    # with the table: members without any value take no part (weight 0)
    table = _table()
    fw = geo.merger_framework(weights="equal", table=table, value_columns=["x"])
    assert fw.weights()[["24", "27", "83"]].tolist() == [1.0, 1.0, 1.0]  # Bắc Ninh: no member has x
    table.loc["84", "x"] = np.nan
    assert geo.merger_framework(weights="equal", table=table, value_columns=["x"]).weights()["84"] == 0.0


def test_to_2025_results_contributions_add_up_to_each_unit():
    table = _table()
    population = pd.Series(1.0, index=table.index, name="population")
    population[["83", "84", "86"]] = [1.3, 1.0, 1.0]
    population[["74", "77", "79"]] = [2.4, 1.1, 9.0]
    out = geo.to_2025(table, weights=population, value_columns=["x", "y"])
    results = geo.to_2025_results(table, weights=population, value_columns=["x", "y"])
    assert isinstance(results, gi.Results) and list(results.scores.index) == ["x", "y"]
    for column in ("x", "y"):
        pd.testing.assert_series_equal(
            results.scores.loc[column, [f"unit {c}" for c in out.index]].set_axis(out.index),
            out[column],
            check_names=False,
        )
        for code, row in out.iterrows():
            if math.isnan(row[column]):
                continue
            parts = results.contributions(column, f"unit {code}")
            assert list(parts.index) == list(row["members"])
            assert parts["contribution"].sum() == pytest.approx(row[column], rel=1e-12)
    parts = results.contributions("x", "unit 86")
    assert parts["weight"].tolist() == pytest.approx([1.3 / 3.3, 1 / 3.3, 1 / 3.3])
    assert parts.loc["83", "contribution"] == pytest.approx(1.3 * 40 / 3.3)
    y = results.contributions("y", "unit 86")  # Trà Vinh lacks y: no part in that column's mean
    assert y.loc["84", "weight"] == 0 and y["weight"].sum() == pytest.approx(1.0)
    explained = results.explain("x", "unit 86")
    assert explained["node"].tolist() == ["83", "84", "86", "unit 86"]
    assert explained["value"].iloc[-1] == pytest.approx(out.loc["86", "x"])
    assert "weight 1.3" in explained["explanation"].iloc[0]


def test_to_2025_results_units_are_the_value_columns():
    table = _table().drop(columns="label")
    nfd = "Đie\u0302\u0309m"  # "Điểm" decomposed
    table = table.rename(columns={"x": nfd})
    results = geo.to_2025_results(table, weights="equal")
    assert list(results.scores.index) == ["Điểm", "y"]
    assert results.contributions(nfd, "unit 86")["contribution"].sum() == pytest.approx((40 + 44 + 50) / 3)
    # names that are one code after NFC, or not usable as codes: the columns are numbered
    clash = pd.DataFrame({"Điểm": table[nfd], nfd: table["y"]}, index=table.index)
    results = geo.to_2025_results(clash, weights="equal")
    assert list(results.scores.index) == ["column 1", "column 2"]
    assert results.data_set("Raw").unit_names == ["Điểm", "Điểm"]  # names kept (NFC)
    assert (
        geo.to_2025(clash, weights="equal")
        .iloc[:, 1:3]
        .equals(geo.to_2025(table, weights="equal")[[nfd, "y"]].set_axis(["Điểm", nfd], axis=1))
    )


def test_to_2025_weights_beyond_a_double_range_of_each_other():
    # Bến Tre 1e300, Trà Vinh 5e-324: their ratio does not fit a double. Column b has Trà Vinh
    # only (Bến Tre and Vĩnh Long missing): its mean is Trà Vinh's value, not NaN.
    table = _table().drop(columns="label")
    table.loc["83", "y"] = np.nan
    table.loc["86", ["x", "y"]] = np.nan
    table.loc["84", "y"] = 7.0
    weights = pd.Series(1.0, index=table.index)
    weights[["83", "84"]] = [1e300, 5e-324]
    out = geo.to_2025(table, weights=weights)
    assert out.loc["86", ["x", "y"]].tolist() == [40.0, 7.0]
    with pytest.raises(gi.InputError, match="differ by more than a double's range.* with a value in y") as e:
        geo.to_2025_results(table, weights=weights)
    assert e.value.column == "y"
    assert geo.to_2025_results(table, weights=weights, value_columns=["x"]).scores.loc["x", "unit 86"] == 40.0


def test_merger_framework_refuses_a_unit_whose_weights_are_all_zero():
    weights = {c: 1.0 for c in provinces.provinces().index}
    weights.update({"83": 0.0, "84": 0.0, "86": 0.0})
    with pytest.raises(gi.InputError, match=r"the weights \(stated weights\) of Vĩnh Long's members sum to 0"):
        geo.merger_framework(weights=weights)


# --- the compiled core underneath (vn/geography.hpp) ---------------------------------------------


def test_a_bad_merger_table_is_located_by_the_compiled_reader(tmp_path):
    text = (ADMIN / "province_merger_2025.csv").read_text(encoding="utf-8")
    bad = tmp_path / "merger.csv"
    bad.write_text(
        text.replace("84,Trà Vinh,Vĩnh Long,tỉnh,yes,3", "84,Trà Vinh,Vĩnh Long,tỉnh,no,3"), encoding="utf-8"
    )
    with pytest.raises(gi.InputError, match=r'merger.csv line \d+, column "merged": unit "Vĩnh Long" \(3 rows\)') as e:
        gi._core.read_merger_2025(bad, provinces.registry())
    assert (e.value.column, e.value.found) == ("merged", "no")
    shipped = gi._core.shipped_merger_2025(ROOT / "data")
    assert shipped == gi._core.read_merger_2025(ADMIN / "province_merger_2025.csv", provinces.registry())
    assert len(shipped.units()) == 34 and shipped.unit_codes()["83"] == "86"


def test_compiled_merger_functions_refuse_wrong_arguments_in_one_line():
    merger = gi._core.shipped_merger_2025(ROOT / "data")
    with pytest.raises(gi.ArgumentTypeError, match=r"^merger_framework\(\): argument weights\[83\]: expected a number"):
        gi._core.merger_framework(merger, {"83": "x"})
    with pytest.raises(gi.ArgumentTypeError, match=r"^merger_weights\(\): argument weights: expected a dict or a list"):
        gi._core.merger_weights(merger, 3)
    with pytest.raises(gi.ArgumentTypeError, match=r"^merger_framework\(\): argument with_data: expected a list"):
        gi._core.merger_framework(merger, {}, with_data="83")
    assert gi._core.merger_weights(merger, [("Ben Tre", 2.0)], with_data=["01"])["83"] == 2.0

"""Dataset: iData CSV and DataFrame input, pandas output, located errors."""

from __future__ import annotations

import unicodedata

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import ASEM
from test_framework import small_meta


def small_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "uCode": ["HN", "HCM", "DN"],
            "uName": ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"],
            "grp": ["Bắc", "Nam", "Trung"],
            "a": [1.0, 2.0, 3.0],
            "b": [4.0, None, 6.0],
            "c": [7, 8, 9],
        }
    )


def test_asem_as_frames(asem):
    _, data = asem
    values = data.values
    assert values.shape == (51, 49) and values.index.name == "uCode"
    assert values.loc["AUT", "LPI"] == pytest.approx(4.097985)
    frame = data.to_frame()
    assert frame.loc["AUT", "uName"] == "Austria" and frame.loc["AUT", "EurAsia_group"] == "Europe"
    assert gi.Dataset.from_frame(frame, asem[0]) == data
    assert gi.Dataset.from_frame(pd.read_csv(ASEM / "iData.csv"), asem[0]) == data


def test_missing_values_and_lookup_by_name():
    framework = gi.Framework.from_frame(small_meta())
    data = gi.Dataset.from_frame(small_data(), framework)
    assert np.isnan(data.value("HCM", "b"))
    assert data.value(unicodedata.normalize("NFD", "Đà Nẵng"), "c") == 9.0
    assert data.to_frame().loc["DN", "uName"] == "Đà Nẵng"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.assign(a=[1.0, "abc", 3.0]),
            r'DataFrame row 2, column "a": expected a number \(or missing\), found "abc"',
        ),
        (
            lambda d: d.assign(uCode=["HN", "HN", "DN"]),
            r'DataFrame row 2, column "uCode": duplicate unit code "HN"; expected unique codes \(first on row 1\)',
        ),
        (lambda d: d.assign(extra=[1, 2, 3]), r'DataFrame, column "extra": column is not described in the framework'),
        (lambda d: d.drop(columns="b"), r'DataFrame, column "b": indicator "b" has no data column'),
        (lambda d: d.drop(columns="uCode"), r'DataFrame, column "uCode": missing required column'),
        (lambda d: d.assign(a=[1.0, np.inf, 3.0]), r'DataFrame row 2, column "a": expected a finite number'),
    ],
)
def test_bad_data_frames_are_located(change, message):
    framework = gi.Framework.from_frame(small_meta())
    with pytest.raises(gi.InputError, match=message):
        gi.Dataset.from_frame(change(small_data()), framework)


# Standard errors (`<code>_se`) and suppressed cells (`<code>_suppressed`).


def uncertain_data() -> pd.DataFrame:
    frame = small_data()
    frame["a_se"] = [0.5, None, 0.25]
    frame["b_suppressed"] = [None, "fewer than 10 respondents", ""]
    return frame


def test_standard_errors_and_suppression_from_a_frame():
    framework = gi.Framework.from_frame(small_meta())
    data = gi.Dataset.from_frame(uncertain_data(), framework)
    assert data.columns == ["a", "b", "c"] and data.has_standard_errors()
    se = data.standard_errors
    assert se.index.name == "uCode" and list(se.columns) == ["a", "b", "c"]
    assert se.loc["HN", "a"] == 0.5 and np.isnan(se.loc["HCM", "a"]) and se.loc["DN", "a"] == 0.25
    assert se[["b", "c"]].isna().all().all()  # no b_se, c_se columns: not known
    assert data.standard_error("Đà Nẵng", "a") == 0.25
    assert data.suppressed.loc["HCM", "b"] and int(data.suppressed.to_numpy().sum()) == 1
    reasons = data.suppression_reasons
    assert reasons.to_dict("records") == [{"uCode": "HCM", "column": "b", "reason": "fewer than 10 respondents"}]
    assert "standard errors, 1 suppressed cell" in repr(data)
    # The same columns in a CSV read the same way.
    plain = gi.Dataset.from_frame(small_data(), framework)
    assert not plain.has_standard_errors() and plain.standard_errors.isna().all().all()
    assert plain != data


@pytest.mark.parametrize(
    ("change", "line", "column", "found"),
    [
        (lambda f: f.assign(a_se=[0.5, -1.0, 0.25]), 2, "a_se", "-1.0"),
        (lambda f: f.assign(a_se=[0.5, "n/a", 0.25]), 2, "a_se", '"n/a"'),
        (lambda f: f.assign(a_se=[0.5, float("inf"), 0.25]), 2, "a_se", '"inf"'),
        (lambda f: f.assign(b_suppressed=["withheld", None, None]), 1, "b", "4"),
    ],
)
def test_bad_standard_errors_and_suppressed_values_are_located(change, line, column, found):
    framework = gi.Framework.from_frame(small_meta())
    with pytest.raises(gi.InputError) as error:
        gi.Dataset.from_frame(change(uncertain_data()), framework)
    message = str(error.value)
    assert message.startswith(f'DataFrame row {line}, column "{column}": expected ') and message.endswith(
        f"found {found}"
    )


def test_se_column_of_unknown_code_or_aggregate():
    framework = gi.Framework.from_frame(small_meta())
    with pytest.raises(gi.InputError, match='column "z_se": column is not described in the framework'):
        gi.Dataset.from_frame(small_data().assign(z_se=1.0), framework)
    with pytest.raises(gi.InputError, match='column "P_se": .* belongs to an Indicator'):
        gi.Dataset.from_frame(small_data().assign(P_se=1.0), framework)


def test_standard_errors_through_a_pipeline_and_pickle():
    import pickle

    framework = gi.Framework.from_frame(small_meta())
    data = gi.Dataset.from_frame(uncertain_data(), framework)
    assert pickle.loads(pickle.dumps(data)) == data
    back = pickle.loads(pickle.dumps(data))
    assert back.suppression_reasons.equals(data.suppression_reasons)
    assert back.standard_errors.equals(data.standard_errors)
    results = gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(framework, data)
    # a = {1, 2, 3}: min-max slope 50, so SEs {25, NaN, 12.5}; P = mean(a, b) with b's SE unknown.
    normalised = results.data_set("Normalised").standard_errors
    assert normalised.loc["HN", "a"] == pytest.approx(25.0) and normalised.loc["DN", "a"] == pytest.approx(12.5)
    se = results.standard_errors
    assert list(se.columns) == list(results.scores.columns)
    assert np.isnan(se.loc["HN", "P"]) and se.loc["HN", "a"] == pytest.approx(25.0)
    assert results.data_set("Aggregated").suppressed.loc["HCM", ["b", "P", "I"]].all()


def test_is_panel_and_years_are_properties_like_unit_codes(asem):
    """`if data.is_panel:` must be False for a cross-section (it was a bound method, always true)."""
    framework, data = asem
    assert data.is_panel is False and data.years == [2018]
    assert isinstance(type(data).is_panel, property) and isinstance(type(data).years, property)


def test_numeric_unit_codes_are_refused_with_the_fix():
    import io

    meta = pd.DataFrame(
        {
            "iCode": ["a", "T"],
            "Level": [1, 2],
            "Parent": ["T", ""],
            "Type": ["Indicator", "Aggregate"],
            "Weight": [1, ""],
            "Direction": [1, ""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    text = "uCode,a\n01,1\n02,2\n"
    with pytest.raises(
        gi.InputError, match=r'column "uCode": expected unit codes as text, found numbers \(int64'
    ) as caught:
        gi.Dataset.from_frame(pd.read_csv(io.StringIO(text)), framework)
    assert caught.value.column == "uCode"
    data = gi.Dataset.from_frame(pd.read_csv(io.StringIO(text), dtype={"uCode": str}), framework)
    assert data.unit_codes == ["01", "02"]

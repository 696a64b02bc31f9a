"""Dataset: iData CSV and DataFrame input, pandas output, located errors."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

import govindex as gi

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
        (lambda d: d.assign(a=[1.0, "abc", 3.0]), r'DataFrame row 2, column "a": expected a number \(or missing\), found "abc"'),
        (lambda d: d.assign(uCode=["HN", "HN", "DN"]), r'DataFrame row 2, column "uCode": duplicate unit code "HN"; expected unique codes \(first on row 1\)'),
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

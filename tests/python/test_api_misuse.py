"""Issue 12: the Python API fails gracefully. Each misuse below, as users make them (wrong types,
a class without brackets, a wrong keyword, a string year, numeric codes, text that is not UTF-8,
cells that are not numbers), gives one line that names the argument, in a govindex.Error that is
also the matching built-in (TypeError, ValueError, KeyError)."""

from __future__ import annotations

import govindex as gi
import pandas as pd
import pytest

FRAMEWORK, DATA = gi.datasets.asem()
PIPELINE = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])
RESULTS = PIPELINE.run(FRAMEWORK, DATA)
FRAME = DATA.to_frame().reset_index()


def _cell(value: object) -> pd.DataFrame:
    frame = FRAME.copy()
    frame["LPI"] = frame["LPI"].astype(object)
    frame.loc[0, "LPI"] = value
    return frame


# (id, call, expected exception class, text the one-line message must contain)
MISUSES = [
    ("string where a number", lambda: gi.MinMax(low="0"), TypeError, "argument low: expected a number"),
    ("string weight", lambda: gi.Aggregate(weights={"b1": "3"}), TypeError, "argument weights"),
    ("class without brackets", lambda: gi.Normalise(gi.MinMax), TypeError, "the class MinMax (call it: MinMax())"),
    ("wrong keyword", lambda: gi.MinMax(lo=0), TypeError, "unexpected argument lo"),
    ("z-score sd as text", lambda: gi.ZScore(sd="1"), TypeError, "argument sd"),
    ("aggregate class", lambda: gi.Aggregate(gi.ArithmeticMean), TypeError, "the class ArithmeticMean"),
    ("steps not a list", lambda: gi.Pipeline(5), TypeError, "steps: expected"),
    ("a method as a step", lambda: gi.Pipeline([gi.MinMax()]), TypeError, "steps[0]: expected a step"),
    ("run arguments swapped", lambda: gi.Pipeline([]).run(DATA, FRAMEWORK), TypeError, "framework: expected"),
    ("path as a number", lambda: gi.read_framework(42), TypeError, "path: expected"),
    ("NUL in a path", lambda: gi.read_framework("x\x00y"), ValueError, "a NUL character at character 2 of a file name"),
    ("lone surrogate in a path", lambda: gi.read_framework("\ud800.csv"), ValueError, "lone surrogate '\\ud800'"),
    ("framework as text", lambda: gi.read_dataset("iData.csv", "iMeta.csv"), TypeError, "framework: expected"),
    (
        "weight as text",
        lambda: FRAMEWORK.with_weight_set("W", {"LPI": "abc"}),
        TypeError,
        "weights['LPI']: expected a number, found str 'abc'",
    ),
    ("weights as a list", lambda: FRAMEWORK.with_weight_set("W", [1, 2]), TypeError, "weights: expected a mapping"),
    (
        "lone surrogate as a weight-set name",
        lambda: FRAMEWORK.with_weight_set("\ud800", {"LPI": 1.0}),
        ValueError,
        "argument name: text with a lone surrogate",
    ),
    ("string year", lambda: gi.vn.published.papi("2021"), TypeError, "year: expected an int"),
    ("lone surrogate as a province", lambda: gi.vn.provinces.province("\ud800"), ValueError, "lone surrogate"),
    ("province as None", lambda: gi.vn.provinces.province(None), TypeError, "name_or_code: expected"),
    ("unit as a number", lambda: RESULTS.explain(5, "Index"), TypeError, "unit: expected"),
    (
        "string year of contributions",
        lambda: RESULTS.contributions("AUT", "Index", year="2020"),
        TypeError,
        "year: expected",
    ),
    ("data set name as a number", lambda: RESULTS.data_set(5), TypeError, "name: expected"),
    (
        "numeric unit codes",
        lambda: gi.Dataset.from_frame(FRAME.assign(uCode=range(len(FRAME))), FRAMEWORK),
        ValueError,
        'column "uCode": expected unit codes as text',
    ),
    (
        "not a DataFrame",
        lambda: gi.Dataset.from_frame("iData.csv", FRAMEWORK),
        TypeError,
        "frame: expected a pandas DataFrame",
    ),
    (
        "framework as text in from_frame",
        lambda: gi.Dataset.from_frame(FRAME, "iMeta.csv"),
        TypeError,
        "framework: expected",
    ),
    (
        "a cell of 10**400",
        lambda: gi.Dataset.from_frame(_cell(10**400), FRAMEWORK),
        ValueError,
        'DataFrame row 1, column "LPI": expected a number (or missing), found 1000',
    ),
    (
        "a complex cell",
        lambda: gi.Dataset.from_frame(_cell(5 + 7j), FRAMEWORK),
        ValueError,
        'column "LPI": expected a number (or missing), found "(5+7j)"',
    ),
    (
        "a true/false cell",
        lambda: gi.Dataset.from_frame(_cell(True), FRAMEWORK),
        ValueError,
        'column "LPI": expected numbers, found true/false values',
    ),
    (
        "a lone surrogate cell",
        lambda: gi.Dataset.from_frame(_cell("\ud800"), FRAMEWORK),
        ValueError,
        'DataFrame row 1, column "LPI": expected text in UTF-8',
    ),
    (
        "a lone surrogate unit name",
        lambda: gi.Dataset.from_frame(FRAME.assign(uName="\ud800"), FRAMEWORK),
        ValueError,
        'column "uName": expected text in UTF-8',
    ),
    (
        "target rank as text",
        lambda: gi.plan_improvement(RESULTS, "AUT", "10"),
        TypeError,
        "target_rank: expected an int",
    ),
    ("what-if values as a list", lambda: gi.what_if(RESULTS, "AUT", [1.0]), TypeError, "values: expected a mapping"),
    (
        "replicates as text",
        lambda: gi.uncertainty_analysis(
            FRAMEWORK, PIPELINE, DATA, [gi.WeightNoise(0.25, levels=[2])], replicates="100"
        ),
        TypeError,
        "replicates: expected",
    ),
]


@pytest.mark.parametrize("call, cls, text", [m[1:] for m in MISUSES], ids=[m[0] for m in MISUSES])
def test_misuse_gives_one_line_naming_the_argument(call, cls, text):
    with pytest.raises(gi.Error) as info:
        call()
    assert isinstance(info.value, cls), f"{type(info.value).__mro__} is not a {cls.__name__}"
    message = str(info.value)
    assert text in message, message
    assert "\n" not in message and len(message) < 400, message
    assert "incompatible" not in message and "Invoked with" not in message


def test_there_are_at_least_twenty_cases():
    assert len(MISUSES) >= 20


def test_a_valid_numpy_float_in_an_object_column_is_read():
    import numpy as np

    data = gi.Dataset.from_frame(_cell(np.float64(1.5)), FRAMEWORK)
    assert data.values["LPI"].iloc[0] == 1.5


def test_argument_errors_are_govindex_errors_and_builtins():
    assert issubclass(gi.ArgumentTypeError, gi.Error) and issubclass(gi.ArgumentTypeError, TypeError)
    assert issubclass(gi.ArgumentValueError, gi.Error) and issubclass(gi.ArgumentValueError, ValueError)


def test_the_package_raises_no_bare_builtin_errors():
    # New code keeps to govindex's own classes: a bare `raise TypeError(` would not be a govindex.Error.
    from pathlib import Path

    root = Path(gi.__file__).parent
    offenders = [
        f"{p.relative_to(root)}:{i}"
        for p in sorted(root.rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "raise TypeError(" in line or "raise ValueError(" in line
    ]
    assert offenders == []

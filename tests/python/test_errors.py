"""Errors: C++ exception types arrive as govindex classes that are also the matching built-ins."""

from __future__ import annotations

import pytest

import govindex as gi

from conftest import ASEM


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (gi.InputError, ValueError),
        (gi.FrameworkError, ValueError),
        (gi.MethodError, ValueError),
        (gi.NumericError, ArithmeticError),
        (gi.UnknownCodeError, KeyError),
    ],
)
def test_hierarchy(cls, builtin):
    assert issubclass(cls, gi.Error) and issubclass(cls, builtin)


def test_key_error_keeps_the_message(asem):
    framework, _ = asem
    with pytest.raises(KeyError) as info:
        framework.node("Nope")
    assert str(info.value) == 'framework has no node "Nope"'


def test_file_errors_name_file_line_and_column(tmp_path):
    meta = (ASEM / "iMeta.csv").read_text(encoding="utf-8").splitlines()
    meta[5] = meta[5].replace(",1,1,", ",1,-3,", 1)  # line 6: weight -3
    path = tmp_path / "iMeta.csv"
    path.write_text("\n".join(meta) + "\n", encoding="utf-8")
    with pytest.raises(gi.FrameworkError) as info:
        gi.read_framework(path)
    assert str(info.value).startswith(f'{path} line 6, column "Weight": expected a finite number >= 0')


def test_bad_data_file_leaves_nothing_loaded(tmp_path, asem):
    framework, data = asem
    rows = (ASEM / "iData.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace(",4.108538,", ",four,", 1)  # line 3: Belgium
    path = tmp_path / "iData.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    kept = data
    with pytest.raises(gi.InputError, match=r'line 3, column "LPI": expected a number .*found "four"'):
        kept = gi.read_dataset(path, framework)
    assert kept == data


def test_constant_indicator_is_a_numeric_error():
    import pandas as pd

    meta = pd.DataFrame({"iCode": ["a", "I"], "Level": [1, 2], "Parent": ["I", None], "Direction": [1, 1],
                         "Weight": [1, 1], "Type": ["Indicator", "Aggregate"]})
    framework = gi.Framework.from_frame(meta)
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["x", "y"], "a": [2.0, 2.0]}), framework)
    with pytest.raises(gi.NumericError, match='minmax of indicator "a": all observed values equal 2'):
        gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(framework, data)

"""Errors: C++ exception types arrive as govindex classes that are also the matching built-ins."""

from __future__ import annotations

import re

import govindex as gi
import numpy as np
import pandas as pd
import pytest
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

    meta = pd.DataFrame(
        {
            "iCode": ["a", "I"],
            "Level": [1, 2],
            "Parent": ["I", None],
            "Direction": [1, 1],
            "Weight": [1, 1],
            "Type": ["Indicator", "Aggregate"],
        }
    )
    framework = gi.Framework.from_frame(meta)
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["x", "y"], "a": [2.0, 2.0]}), framework)
    with pytest.raises(gi.NumericError, match='minmax of indicator "a": all observed values equal 2'):
        gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(framework, data)


LOCATION = ("source", "line", "column", "node", "expected", "found")


def location(error: BaseException) -> dict[str, object]:
    return {name: getattr(error, name) for name in LOCATION}


def test_errors_made_in_python_have_empty_locations():
    assert location(gi.InputError("x")) == dict.fromkeys(LOCATION)


def test_csv_framework_error_fields(tmp_path):
    meta = (ASEM / "iMeta.csv").read_text(encoding="utf-8").splitlines()
    meta[5] = meta[5].replace(",1,1,", ",1,-3,", 1)
    path = tmp_path / "iMeta.csv"
    path.write_text("\n".join(meta) + "\n", encoding="utf-8")
    with pytest.raises(gi.FrameworkError) as info:
        gi.read_framework(path)
    assert location(info.value) == {
        "source": str(path),
        "line": 6,
        "column": "Weight",
        "node": "Elec",
        "expected": "a finite number >= 0",
        "found": "-3",
    }


def test_csv_data_error_fields(tmp_path, asem):
    rows = (ASEM / "iData.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace(",4.108538,", ",four,", 1)
    path = tmp_path / "iData.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(gi.InputError) as info:
        gi.read_dataset(path, asem[0])
    assert location(info.value) == {
        "source": str(path),
        "line": 3,
        "column": "LPI",
        "node": None,
        "expected": "a number (or empty/NA for missing)",
        "found": "four",
    }


def _tiny_framework():
    import pandas as pd

    meta = pd.DataFrame(
        {
            "iCode": ["a", "I"],
            "Level": [1, 2],
            "Parent": ["I", None],
            "Direction": [1, 1],
            "Weight": [1, 1],
            "Type": ["Indicator", "Aggregate"],
        }
    )
    return gi.Framework.from_frame(meta)


def test_data_frame_error_fields():
    import pandas as pd

    with pytest.raises(gi.InputError) as info:
        gi.Dataset.from_frame(pd.DataFrame({"uCode": ["x", "y"], "a": [1.0, "abc"]}), _tiny_framework())
    assert str(info.value) == 'DataFrame row 2, column "a": expected a number (or missing), found "abc"'
    assert location(info.value) == {
        "source": "DataFrame",
        "line": 2,
        "column": "a",
        "node": None,
        "expected": "a number (or missing)",
        "found": "abc",
    }


def test_toml_pipeline_error_fields(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[[steps]]\nstep = "normalise"\nmethod = { name = "minmaxx" }\n', encoding="utf-8")
    with pytest.raises(gi.MethodError) as info:
        gi.read_pipeline(path)
    error = info.value
    assert (error.source, error.line, error.column, error.found) == (str(path), 3, "steps[1].method", "minmaxx")
    assert error.expected.startswith("one of minmax")


def test_toml_a_vietnamese_bare_key_is_a_located_error(tmp_path):
    """A key with diacritics left unquoted (Debian's toml++ 3.3.0 reached undefined behaviour on some
    letters, U+0110 among them): toml++'s own error, with the line, the letter and the fix."""
    path = tmp_path / "p.toml"
    path.write_text('[[steps]]\nstep = "aggregate"\nweights = { Đồng_Nai = 2 }\n', encoding="utf-8")
    with pytest.raises(gi.MethodError, match=r"line 3: .*saw 'Đ'.*goes in quotes, e\.g\. \"Đồng Nai\" = 1\)") as info:
        gi.read_pipeline(path)
    assert (info.value.source, info.value.line, info.value.expected) == (str(path), 3, "TOML")
    assert "'Đ'" in info.value.found
    path.write_text('[[steps]]\nstep = "aggregate"\nweights = { "Đồng_Nai" = 2 }\n', encoding="utf-8")
    assert gi.read_pipeline(path) == gi.Pipeline([gi.Aggregate(weights={"Đồng_Nai": 2.0})])


def test_toml_methodology_error_fields(tmp_path):
    import govindex.methodology as gm

    path = tmp_path / "m.toml"
    path.write_text("[family]\nname = 3\n", encoding="utf-8")
    with pytest.raises(gi.MethodError) as info:
        gm.read_family(path)
    assert location(info.value) == {
        "source": str(path),
        "line": 2,
        "column": "family.name",
        "node": None,
        "expected": "text",
        "found": "3",
    }


def test_province_and_scoring_error_fields():
    from govindex import _core

    with pytest.raises(gi.UnknownCodeError) as info:
        gi.vn.provinces.province("Atlantis")
    assert info.value.found == "Atlantis" and info.value.expected.startswith("a 2-digit GSO code")
    with pytest.raises(gi.InputError) as info:
        _core.score_rule(_core.YesNo(), _core.Evidence())
    assert (info.value.column, info.value.expected, info.value.found) == ("yes", "yes = true or false", "no evidence")


def test_step_error_fields():
    import pandas as pd

    framework = _tiny_framework()
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["x", "y"], "a": [2.0, 2.0]}), framework)
    with pytest.raises(gi.NumericError) as info:
        gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(framework, data)
    assert location(info.value) == {
        "source": "normalise step",
        "line": None,
        "column": None,
        "node": "a",
        "expected": "at least two distinct values",
        "found": "2",
    }
    with pytest.raises(gi.NumericError) as info:
        gi.Pipeline([gi.Treat(), gi.Normalise(), gi.Aggregate()]).run(framework, data)
    assert (info.value.source, info.value.node) == ("treat step", "a")
    assert info.value.expected.startswith("at least 4 observed values")


def _python_errors():
    import pandas as pd
    from govindex import cli, datasets
    from govindex import methodology as gm
    from govindex.vn import indices as vn
    from govindex.vn import published

    return [
        (
            lambda: cli.parse_method_spec("minmax:low"),
            gi.MethodError,
            {"source": "command line", "column": "low", "expected": "key=value", "found": "low"},
        ),
        (lambda: datasets.path("nope"), gi.UnknownCodeError, {"found": "nope"}),
        (lambda: published.papi(1999), gi.UnknownCodeError, {"column": "year", "found": "1999"}),
        (
            lambda: gm.assessment(pd.DataFrame({"colour": [1]})),
            gi.InputError,
            {"source": "DataFrame", "column": "colour", "found": "colour"},
        ),
        (
            lambda: vn.papi_comparable_series({}, "Hà Nội"),
            gi.InputError,
            {"source": "papi_comparable_series", "expected": "at least one year"},
        ),
        (
            lambda: vn.pci_composite(pd.DataFrame({"x": [1.0]})),
            gi.MethodError,
            {"source": "pci_composite", "column": "weights"},
        ),
    ]


@pytest.mark.parametrize("index", range(6))
def test_errors_raised_in_python_carry_fields(index):
    call, cls, fields = _python_errors()[index]
    with pytest.raises(cls) as info:
        call()
    assert {name: getattr(info.value, name) for name in fields} == fields
    assert set(LOCATION) <= set(dir(info.value))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: gi.MinMax(low="0"), "MinMax(): argument low: expected a number, found str '0'"),
        (
            lambda: gi.Aggregate(weights={"b1": "3"}),
            "Aggregate(): argument weights: expected a dict of code -> a number, found dict",
        ),
        (lambda: gi.Normalise(gi.MinMax), "Normalise(): argument method: expected one of MinMax(), ZScore()"),
        (lambda: gi.Normalise(gi.MinMax), "found the class MinMax (call it: MinMax())"),
        (lambda: gi.Aggregate(gi.MinMax()), "found MinMax MinMax(low=0.0, high=100.0)"),
        (lambda: gi.MinMax(lo=1), "MinMax(): unexpected argument lo; expected one of low, high"),
        (
            lambda: gi.Treat(gi.TreatSpec(winmax="5")),
            "TreatSpec(): argument winmax: expected an integer, found str '5'",
        ),
        (lambda: gi.YesNo(points=None), "YesNo(): argument points: expected a number, found NoneType None"),
    ],
)
def test_wrong_constructor_arguments_are_one_line(call, message):
    """Issue 12: pybind11's signature dump replaced by the argument, what was expected and what was found."""
    with pytest.raises(TypeError) as error:
        call()
    assert message in str(error.value) and "\n" not in str(error.value) and len(str(error.value)) < 300


def test_arguments_needing_conversion_still_work():
    assert gi.ZScore(sd=np.float32(2)) == gi.ZScore(sd=2.0)
    assert gi.MinMax(low=np.int64(1), high=np.float64(9)) == gi.MinMax(low=1, high=9)
    assert gi.Aggregate(gi.ArithmeticMean(), weights={"a": np.float64(2)}).weights == {"a": 2.0}


def _meta_ab(code_b: str = "b") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iCode": ["a", code_b, "T"],
            "Level": [1, 1, 2],
            "Parent": ["T", "T", ""],
            "Type": ["Indicator", "Indicator", "Aggregate"],
            "Weight": [1, 1, ""],
            "Direction": [1, 1, ""],
        }
    )


@pytest.mark.parametrize(
    "code, point", [("b\n", "U+000A"), ("b\u200bc", "U+200B"), ("b\x00", "U+0000"), ("\ufeffb", "U+FEFF")]
)
def test_invisible_characters_in_codes_are_refused(code, point):
    """Issue 12: a code with a newline, NUL or zero-width character was accepted (and a file written
    with it did not read back)."""
    with pytest.raises(gi.FrameworkError, match=re.escape(f"invisible character {point}")) as error:
        gi.Framework.from_frame(_meta_ab(code))
    assert error.value.column == "iCode" and "\n" not in str(error.value) and f"<{point}>" in str(error.value)
    framework = gi.Framework.from_frame(_meta_ab())
    with pytest.raises(gi.InputError, match="unit code .* holds the invisible character " + re.escape(point)) as error:
        gi.Dataset.from_frame(pd.DataFrame({"uCode": ["u1", code], "a": [1.0, 2.0], "b": [2.0, 1.0]}), framework)
    assert error.value.column == "uCode"


def test_overflow_is_a_numeric_error_not_an_index_of_inf():
    """Issue 12: huge weights or parameters gave 0, NaN or inf for every unit without a word."""
    framework = gi.Framework.from_frame(_meta_ab())
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["u1", "u2"], "a": [1.0, 2.0], "b": [3.0, 1.0]}), framework)
    with pytest.raises(gi.MethodError, match='children of "T" add up to more than the largest number') as error:
        gi.Pipeline([gi.Aggregate(gi.ArithmeticMean(), weights={"a": 1e308, "b": 1e308})]).run(framework, data)
    assert error.value.node == "T" and error.value.column == "weights"
    # A min-max range wider than the largest double is computed without overflow (issue 21): the
    # scores are right; a z-score shifted past the largest double cannot be, and is an error.
    wide = gi.Pipeline([gi.Normalise(gi.MinMax(low=-1.7e308, high=1.7e308))]).run(framework, data)
    assert wide.data_set("Normalised").values["a"].tolist() == [-1.7e308, 1.7e308]
    with pytest.raises(
        gi.NumericError, match=r'step 1 \(normalise\): node "a", unit "u2": the value overflowed to inf'
    ) as error:
        gi.Pipeline([gi.Normalise(gi.ZScore(mean=1.7e308, sd=1e308)), gi.Aggregate(gi.ArithmeticMean())]).run(
            framework, data
        )
    assert error.value.node == "a" and error.value.found == "inf"
    # A power mean of high order is computed scaled by the largest value: finite, no error.
    scores = gi.Pipeline([gi.Aggregate(gi.GeneralisedMean(p=400))]).run(framework, data).scores
    assert np.isfinite(scores["T"]).all()


def test_files_that_never_end_or_are_folders(tmp_path):
    """Issue 12: reading /dev/zero never returned (no input size limit)."""
    with pytest.raises(
        gi.InputError, match=r"/dev/zero: larger than 64 MiB .*; expected a readable pipeline file"
    ) as error:
        gi.read_pipeline("/dev/zero")
    assert error.value.source == "/dev/zero"
    with pytest.raises(gi.InputError, match=r"/dev/zero: larger than 512 MiB"):
        gi.read_framework("/dev/zero")
    with pytest.raises(gi.InputError, match="a folder, not a file; expected a readable CSV file"):
        gi.read_framework(tmp_path)


def test_a_huge_bad_cell_makes_a_short_message(tmp_path):
    """Issue 12: the message repeated the whole bad cell (a 50 MB cell gave a 50 MB message)."""
    framework = gi.Framework.from_frame(_meta_ab())
    with pytest.raises(gi.InputError, match=r"found \"x{80}\.\.\. \(1000000 bytes\)\"") as error:
        gi.Dataset.from_frame(pd.DataFrame({"uCode": ["u1"], "a": ["x" * 1_000_000], "b": [1.0]}), framework)
    assert len(str(error.value)) < 200 and error.value.found.endswith("(1000000 bytes)")
    path = tmp_path / "data.csv"
    path.write_text("uCode,a,b\nu1," + "é" * 500_000 + ",1\n", encoding="utf-8")
    with pytest.raises(gi.InputError) as error:
        gi.read_dataset(path, framework)
    assert len(str(error.value)) < 300 and "(1000000 bytes)" in str(error.value)


# --- Messages: one line of whole characters, whatever the value quoted ------------------------------------

VIETNAMESE = "Thừa Thiên Huế, Bà Rịa – Vũng Tàu, Đắk Nông, " * 4


@pytest.mark.parametrize("pad", range(4))
def test_a_type_error_quoting_long_vietnamese_text_is_whole_characters(pad):
    """found() cut the repr at 57 bytes, inside a character: a UnicodeDecodeError escaped."""
    text = "x" * pad + VIETNAMESE
    with pytest.raises(gi.ArgumentTypeError) as info:
        gi.MinMax(low=text)
    message = str(info.value)
    assert message.startswith("MinMax(): argument low: expected a number, found str ")
    shown = message.split("found str ", 1)[1]
    assert shown.startswith(repr(text)[:57]) and "\n" not in message  # 57 characters, not bytes


def test_a_type_error_quoting_a_multi_line_repr_is_one_line():
    with pytest.raises(gi.ArgumentTypeError) as info:
        gi.MinMax(low=pd.DataFrame({"a": [1, 2, 3]}))
    assert "\n" not in str(info.value) and "DataFrame" in str(info.value)


def _line_break_errors(tmp_path):
    framework = _tiny_framework()
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["x", "y", "z"], "a": [1.0, 2.0, 3.0]}), framework)
    pipeline = gi.Pipeline([gi.Normalise(gi.MinMax()), gi.Aggregate(gi.ArithmeticMean())])
    family = tmp_path / "family.toml"
    family.write_text(
        '[family]\nname = "demo"\n\n[[versions]]\nid = "v1"\ndecision = "1/QĐ-TEST"\nsigned_on = 2021-12-20\n'
        'first_year = 2021\nlast_year = 2021\npublication_lag = 1\naggregation = "points"\n'
        'unknown = ["survey_points"]\n\n'
        '[[versions.nodes]]\ncode = "A"\nname_vi = "Lĩnh vực A"\nmax_points = 8\n\n'
        '[[versions.nodes]]\ncode = "A.2"\nparent = "A"\nname_vi = "Báo cáo"\nmax_points = 4\n'
        'source = "appraisal"\nrule = { name = "yes_no", points = 4 }\n\n'
        '[[versions.nodes]]\ncode = "A.1"\nparent = "A\\nB"\nname_vi = "Kế hoạch"\nmax_points = 4\n'
        'source = "appraisal"\nrule = { name = "yes_no", points = 4 }\n',
        encoding="utf-8",
    )
    return {
        "uncertainty kind": lambda: gi.parse_uncertain_inputs('inputs = [{ kind = "wei\\nghts" }]'),
        "pipeline step": lambda: gi.parse_pipeline('[[steps]]\nstep = "norm\\nalise"\n'),
        "methodology parent": lambda: gi.methodology.read_family(family),
        "tracked node": lambda: gi.UncertaintyEngine(
            framework, pipeline, data, [gi.WeightNoise(0.1, levels=[1])], nodes=["I\nx"]
        ),
        "weight keys": lambda: framework.with_weight_set("w", {"a\nb": 1.0}),
        "weight set name": lambda: framework.with_weight_set("w\nx", {"zz": 1.0}),
        "step node": lambda: pipeline.run(framework, data).data_set("Normalised\n2"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "uncertainty kind",
        "pipeline step",
        "methodology parent",
        "tracked node",
        "weight keys",
        "weight set name",
        "step node",
    ],
)
def test_a_name_with_a_line_break_makes_a_one_line_message(tmp_path, case):
    """Messages quoting a name with a line break spanned several lines."""
    with pytest.raises(gi.Error) as info:
        _line_break_errors(tmp_path)[case]()
    message = str(info.value)
    assert "\n" not in message and "\\n" in message, message


def test_a_list_or_dict_as_a_column_label_is_an_input_error():
    """Dataset.from_frame with a list or dict as a column label raised pandas' TypeError."""
    for label in (["a", "b"], {"a": 1}):
        frame = pd.DataFrame([["x", 1.0], ["y", 2.0]])
        frame.columns = pd.Index(["uCode", label], dtype=object)
        with pytest.raises(
            gi.InputError, match=r"^DataFrame column 2: expected a column name \(text\), found "
        ) as info:
            gi.Dataset.from_frame(frame, _tiny_framework())
        assert info.value.column == "2"

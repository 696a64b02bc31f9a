"""Every callable of govindex._core answers a wrong argument with one line (issue 22 item 6,
python/src/checked_calls.hpp): module functions, methods, static methods, property setters and
constructors, each named with the argument, what was expected and what was found, never pybind11's
list of signatures.

The callables are enumerated from the compiled module, so a binding added later is checked without
a change here. The parameters are read from the signature on the first line of each docstring (the
one help() and the stubs show).
"""

from __future__ import annotations

import inspect
import re

import govindex as gi
import numpy as np
import pytest
from govindex import _core

# Objects of classes that cannot be made without arguments, to call their methods on.
FRAMEWORK, DATA = gi.datasets.asem()
RESULTS = gi.Pipeline([gi.Normalise(gi.MinMax()), gi.Aggregate(gi.ArithmeticMean())]).run(FRAMEWORK, DATA)
FAMILY = gi.methodology.family("par_index")
INSTANCES = {
    "Framework": FRAMEWORK._impl,
    "Dataset": DATA._impl,
    "Results": RESULTS._impl,
    "Family": FAMILY,
    "Methodology": FAMILY.versions[0],
}

CLASSES = sorted(
    (name, value)
    for name, value in vars(_core).items()
    if inspect.isclass(value) and not issubclass(value, BaseException)
)
FUNCTIONS = sorted((name, value) for name, value in vars(_core).items() if inspect.isbuiltin(value))


def parameters(doc: str) -> list[tuple[str, bool]]:
    """(name, keyword-only) of each parameter in the signature on the first line of `doc`, self left out."""
    line = doc.splitlines()[0]
    inside = line[line.index("(") + 1 : line.rindex(") ->")]
    parts, depth, current = [], 0, ""
    for c in inside:
        depth += c in "[(" and 1 or (c in "])" and -1 or 0)
        if c == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += c
    if current.strip():
        parts.append(current.strip())
    out, keyword_only = [], False
    for part in parts:
        if part == "*":
            keyword_only = True
        elif part != "/":
            name = part.split(":")[0].strip()
            if name != "self":
                out.append((name, keyword_only))
    return out


def calls() -> list[tuple[str, type | None, str]]:
    """(id, class or None for a module function, name): every function, constructor, method and
    static method; names starting with _ (pybind11's operators and pickling) left out."""
    out = [(name, None, name) for name, _ in FUNCTIONS]
    for cls_name, cls in CLASSES:
        if (cls.__init__.__doc__ or "").startswith("__init__("):  # a class made only by govindex has none
            out.append((f"{cls_name}.__init__", cls, "__init__"))
        for name, value in vars(cls).items():
            if not name.startswith("_") and (isinstance(value, staticmethod) or callable(value)):
                out.append((f"{cls_name}.{name}", cls, name))
    return out


CALLS = calls()
SETTERS = [
    (f"{cls_name}.{name}", cls, name)
    for cls_name, cls in CLASSES
    for name, value in vars(cls).items()
    if isinstance(value, property) and value.fset is not None
]


def instance(cls: type) -> object | None:
    if cls.__name__ in INSTANCES:
        return INSTANCES[cls.__name__]
    try:
        return cls()
    except Exception:
        return None


def assert_one_line(error: pytest.ExceptionInfo, start: str, *parts: str) -> None:
    message = str(error.value)
    assert isinstance(error.value, gi.Error) and isinstance(error.value, TypeError), (type(error.value), message)
    assert "\n" not in message and "incompatible" not in message, message
    assert message.startswith(start + ":"), message
    for part in parts:
        assert part in message, message


def test_the_enumeration_finds_every_kind_of_callable():
    names = {call[0] for call in CALLS}
    assert len(FUNCTIONS) >= 90 and len(CLASSES) >= 100 and len(SETTERS) >= 150
    assert {"kurtosis", "read_denominators", "Family.version", "Methodology.node", "Level.__init__"} <= names
    assert {"ReplicateDesign.from_design", "Aggregation.__init__", "Evidence.__init__"} <= names
    assert {"Assessment.leaves", "LeafRecord.self", "MinMax.low"} <= {setter[0] for setter in SETTERS}


@pytest.mark.parametrize("call", CALLS, ids=[call[0] for call in CALLS])
def test_a_wrong_first_argument_is_one_line_naming_it(call):
    _, cls, name = call
    if cls is None:
        start, target, doc = f"{name}()", getattr(_core, name), getattr(_core, name).__doc__
    elif name == "__init__":
        start, target, doc = f"{cls.__name__}()", cls, cls.__init__.__doc__
    else:
        start = f"{cls.__name__}.{name}()"
        static = isinstance(vars(cls)[name], staticmethod)
        target = getattr(cls, name) if static else getattr(instance(cls), name, None)
        if target is None:  # no object to call it on: a wrong self
            with pytest.raises(gi.Error) as error:
                getattr(cls, name)(object())
            assert_one_line(error, start, "argument self: expected ", "found object <object object")
            return
        doc = target.__doc__
    given = parameters(doc)
    if not given:
        with pytest.raises(gi.Error) as error:
            target(object())
        assert_one_line(error, start, "takes no ", "found 1")
        return
    first, keyword_only = given[0]
    with pytest.raises(gi.Error) as error:
        target(**{first: object()}) if keyword_only else target(object())
    assert_one_line(error, start, f"argument {first}: expected ", "found object <object object")


@pytest.mark.parametrize("setter", SETTERS, ids=[setter[0] for setter in SETTERS])
def test_a_wrong_value_for_a_property_is_one_line_naming_it(setter):
    label, cls, name = setter
    target = instance(cls)
    if target is None:
        with pytest.raises(gi.Error) as error:
            vars(cls)[name].fset(object(), object())
        assert_one_line(error, label, "argument self: expected ")
        return
    with pytest.raises(gi.Error) as error:
        setattr(target, name, object())
    assert_one_line(error, label, " expected ", "found object <object object")
    assert str(error.value).startswith(f"{label}: expected ")


def test_the_messages_of_the_issue():
    cases = [
        (lambda: FAMILY.version(3), "Family.version(): argument id: expected text, found int 3"),
        (
            lambda: FAMILY.version_for("x"),
            "Family.version_for(): argument assessment_year: expected an integer, found str 'x'",
        ),
        (lambda: _core.kurtosis("x"), "kurtosis(): argument x: expected a 1-D array of numbers, found str 'x'"),
        (
            lambda: _core.read_denominators(3),
            "read_denominators(): argument path: expected a file path (str or os.PathLike), found int 3",
        ),
        (lambda: _core.Level(3, "x"), "Level(): takes no positional arguments, found 2; give name, points by keyword"),
        (lambda: _core.Evidence(yes="x"), "Evidence(): argument yes: expected True or False or None, found str 'x'"),
        (lambda: _core.Aggregation("points"), "Aggregation(): argument value: expected an integer, found str 'points'"),
    ]
    for call, message in cases:
        with pytest.raises(gi.ArgumentTypeError) as error:
            call()
        assert str(error.value) == message
    assessment = _core.Assessment()
    with pytest.raises(
        gi.ArgumentTypeError,
        match=r"^Assessment.leaves: expected a dict of code -> a LeafRecord\(\.\.\.\), found int 3$",
    ):
        assessment.leaves = 3
    record = _core.LeafRecord()
    with pytest.raises(gi.ArgumentTypeError, match=r"^LeafRecord.self: expected a number, found str 'x'$"):
        record.self = "x"


def test_a_survey_estimator_takes_either_design_and_names_a_wrong_one():
    y = np.ones((4, 1))
    with pytest.raises(gi.ArgumentTypeError) as error:
        _core.survey_mean(None, y, ["y"])
    assert str(error.value) == (
        "survey_mean(): argument design: expected one of SurveyDesign(), ReplicateDesign(), found NoneType None"
    )
    y = np.arange(4.0).reshape(4, 1)
    design = _core.SurveyDesign(weights=np.ones(4))
    replicates = _core.ReplicateDesign.from_design(design=design, type=_core.ReplicateType.bootstrap, replicates=5)
    linearised, replicated = _core.survey_mean(design, y, ["y"]), _core.survey_mean(replicates, y, names=["y"])
    assert linearised["estimate"][0] == replicated["estimate"][0] == 1.5
    assert linearised["se"][0] != replicated["se"][0]  # each design's own SEs


def test_defaults_keywords_and_positions_are_as_before():
    version, missing = INSTANCES["Methodology"], _core.UnknownParts.missing
    assert version.framework(unknown=missing) == version.framework(-1, missing)
    assert version.framework(depth=-1, unknown=missing) == version.framework(-1, unknown=missing)
    timings = [FAMILY.signing_timing(2022), FAMILY.signing_timing(assessment_year=2022, late_days=60)]
    assert len({(t.known, t.days_before_year_end, t.late) for t in timings}) == 1
    with pytest.raises(gi.ArgumentTypeError, match=r"^Family.signing_timing\(\): argument assessment_year given twice"):
        FAMILY.signing_timing(2022, assessment_year=2022)
    with pytest.raises(
        gi.ArgumentTypeError,
        match=r"^Family.signing_timing\(\): unexpected argument year; expected one of assessment_year, late_days$",
    ):
        FAMILY.signing_timing(year=2022)
    with pytest.raises(
        gi.ArgumentTypeError,
        match=r"^Family.signing_timing\(\): takes 2 positional arguments \(assessment_year, late_days\), found 3$",
    ):
        FAMILY.signing_timing(2022, 60, 1)
    with pytest.raises(gi.ArgumentTypeError, match=r"^Family.version\(\): missing argument id: expected text$"):
        FAMILY.version()
    with pytest.raises(gi.ArgumentTypeError, match=r"^ReplicateDesign.from_design\(\): takes no positional arguments"):
        _core.ReplicateDesign.from_design(object())


def test_values_that_cannot_cross_into_cpp_are_value_errors():
    with pytest.raises(
        gi.ArgumentValueError,
        match=r"^Family.version\(\): argument id: text with a lone surrogate '\\ud800' at character 1",
    ):
        FAMILY.version("\ud800")
    with pytest.raises(
        gi.ArgumentValueError,
        match=r"^Family.version_for\(\): argument assessment_year: expected an integer from -2147483648 to "
        r"2147483647, found int 4294967296$",
    ):
        FAMILY.version_for(2**32)
    record = _core.Date()
    with pytest.raises(gi.ArgumentValueError, match=r"^Date.year: expected an integer from"):
        record.year = 2**40


def test_numpy_arrays_and_sequences_are_taken_as_before():
    values = np.array([1.0, 2.0, 4.0, 8.0, 30.0])
    assert _core.kurtosis(values) == pytest.approx(_core.kurtosis(list(values)))
    assert _core.kurtosis(values[::-1].copy()) == pytest.approx(_core.kurtosis(values[::-1]))  # a strided view
    assert _core.kurtosis(values.astype(np.float32)) == pytest.approx(_core.kurtosis(values), rel=1e-6)
    assert _core.skewness(x=values) == pytest.approx(_core.skewness(values))
    with pytest.raises(
        gi.ArgumentTypeError, match=r"^kurtosis\(\): argument x: expected a 1-D array of numbers, found ndarray"
    ):
        _core.kurtosis(np.array(["a", "b"]))


def test_operators_still_answer_not_implemented():
    assert (_core.MinMax() == 3) is False
    assert (RESULTS._impl == 3) is False
    assert _core.MinMax() != object()


def test_signatures_stay_typed():
    assert (
        FAMILY.version.__doc__.splitlines()[0]
        == "version(self: govindex._core.Family, id: str) -> govindex._core.Methodology"
    )
    assert re.match(
        r"^\(self: govindex._core.Node, arg0: str\) -> None$", vars(_core.Node)["code"].fset.__doc__.splitlines()[0]
    )
    assert _core.kurtosis.__doc__.splitlines()[2].startswith("Sample excess kurtosis")

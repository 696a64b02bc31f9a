"""The constructors of methods, steps and their parts, made from their C++ fields() (issue 22 items
6 and 7, python/src/argument_errors.hpp): keyword arguments named as the fields with the C++
defaults, and one line naming the class and the argument for any wrong argument.

The classes are enumerated from the compiled module (a method has `method_name`, a step
`step_name`) plus the parts listed in PARTS, so a type bound later is checked without a change here.
"""

from __future__ import annotations

import inspect
import re

import govindex as gi
import numpy as np
import pytest
from govindex import _core

# The arguments the types need to make a valid value: those without a default (the binding's
# `required`, REQUIRED below) and some the value's check() needs.
ARGUMENTS = {
    "DistanceToReference": {"unit": "U1"},
    "GroupMean": {"group": "Group"},
    "GroupMedian": {"group": "Group"},
    "Levels": {"levels": [_core.Level(name="Tốt", points=2), _core.Level(name="Đạt", points=1)]},
    "Bonus": {"items": [_core.Item(name="Sáng kiến", points=0.5)], "max": 1},
    "Penalty": {"items": [_core.Item(name="Vi phạm", points=1)]},
    "StepChoice": {"alternatives": [gi.Normalise(gi.MinMax()), gi.Normalise(gi.ZScore())]},
    "IndicatorExclusion": {"probability": 0.5},
    "WeightNoise": {"levels": [1]},
}
REQUIRED = {"DistanceToReference": ["unit"], "GroupMean": ["group"], "GroupMedian": ["group"], "Levels": ["levels"]}
REQUIRED |= {"Bonus": ["items"], "Penalty": ["items"], "StepChoice": ["alternatives"]}
# Types bound with bind_value_type that are neither methods nor steps.
PARTS = [
    "TreatSpec",
    "WeightNoise",
    "StepChoice",
    "IndicatorExclusion",
    "DataNoise",
    "AnalysisSettings",
    "UncertaintyDeclaration",
]
STATIC = {"method_name", "step_name", "data_set_name"}

TYPES = (
    sorted(
        name
        for name, value in vars(_core).items()
        if inspect.isclass(value) and (hasattr(value, "method_name") or hasattr(value, "step_name"))
    )
    + PARTS
)


def fields(cls: type) -> list[str]:
    """The fields of a bound value type: its properties (one per field), in definition order."""
    return [name for name, value in vars(cls).items() if isinstance(value, property) and name not in STATIC]


def make(type_name: str, **arguments: object) -> object:
    return getattr(_core, type_name)(**{**ARGUMENTS.get(type_name, {}), **arguments})


def test_the_enumeration_finds_methods_steps_and_parts():
    assert len(TYPES) >= 50
    assert {"MinMax", "Normalise", "Aggregate", "Score", "YesNo", "TreatSpec", "WeightNoise"} <= set(TYPES)


@pytest.mark.parametrize("name", TYPES)
def test_the_signature_names_every_field_with_its_type(name):
    cls = getattr(_core, name)
    signature = cls.__init__.__doc__.splitlines()[0]
    assert signature.startswith(f"__init__(self: govindex._core.{name}") and signature.endswith(") -> None")
    for field in fields(cls):
        assert re.search(rf"[(, ]{field}: [^=,]+", signature), f"{field} missing from {signature}"
    assert "*args" not in signature and "**kwargs" not in signature


@pytest.mark.parametrize("name", TYPES)
def test_defaults_are_the_cpp_defaults(name):
    """A value made without arguments equals the C++ default-constructed value, as the pipeline and
    declaration readers (which never call the Python constructor) make it from a table without the
    parameters."""
    value = make(name)
    cls = type(value)
    given = set(ARGUMENTS.get(name, {}))
    if hasattr(cls, "method_name") and not given:
        assert _read_back_method(value) == value
    if hasattr(cls, "step_name") and not given:
        text = f'[[steps]]\nstep = "{cls.step_name}"\n'
        assert gi.parse_pipeline(text) == gi.Pipeline([value])
    # Whatever the type: every field not given keeps the default shown in the signature.
    signature = cls.__init__.__doc__.splitlines()[0]
    for field in fields(cls):
        if field in given:
            continue
        match = re.search(rf"[(, ]{field}: [^=]+? = (.+?)(?:, \w+: |, \*, |\) -> None$)", signature)
        assert match, f"{name}.{field} has no default in {signature}"
        shown = match.group(1)
        default, actual = eval(shown, {"float": float, **vars(gi)}), getattr(value, field)
        assert default == actual or (default != default and actual != actual), (name, field, shown)


def _read_back_method(method: object) -> object:
    """`method`'s type as a pipeline file reads it from its name alone."""
    from test_method_registry import family_of

    table = f'{{ name = "{type(method).method_name}" }}'
    step = {
        "normalisation": f'step = "normalise"\nmethod = {table}',
        "aggregation": f'step = "aggregate"\nmethod = {table}',
        "imputation": f'step = "impute"\nmethod = {table}',
        "treatment fallback": f'step = "treat"\nspec = {{ fallback = {table} }}',
        "scoring rule": f'step = "score"\nrules = {{ x1 = {table} }}',
    }[family_of(method)]
    read = gi.parse_pipeline(f"[[steps]]\n{step}\n").steps[0]
    if isinstance(read, gi.Treat):
        return read.spec.fallback
    return read.rules["x1"] if isinstance(read, gi.Score) else read.method


@pytest.mark.parametrize("name, field", [(n, f) for n in TYPES for f in fields(getattr(_core, n))])
def test_a_wrong_type_for_any_field_is_one_line_naming_it(name, field):
    with pytest.raises(gi.ArgumentTypeError) as info:
        make(name, **{field: object()})
    message = str(info.value)
    assert message.startswith(f"{name}(): argument {field}: expected "), message
    assert "found object <object object at" in message and "\n" not in message and len(message) < 400


@pytest.mark.parametrize("name", TYPES)
def test_an_unknown_keyword_is_named_with_the_accepted_ones(name):
    with pytest.raises(gi.ArgumentTypeError) as info:
        make(name, no_such_argument=1)
    expected = ", ".join(fields(getattr(_core, name)))
    assert str(info.value) == f"{name}(): unexpected argument no_such_argument; expected one of {expected}"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_missing_argument_is_named(name):
    """It said "invalid arguments ... the arguments are unit, cap_max" (issue 22)."""
    for missing in REQUIRED[name]:
        arguments = {k: v for k, v in ARGUMENTS[name].items() if k != missing}
        with pytest.raises(gi.ArgumentTypeError, match=rf"^{name}\(\): missing argument {missing}: expected "):
            getattr(_core, name)(**arguments)


def test_a_list_of_bound_values_reads_well():
    with pytest.raises(gi.ArgumentTypeError) as info:
        gi.Penalty(items=2.0)
    assert str(info.value) == "Penalty(): argument items: expected a list of Item(...), found float 2.0"


def test_positional_arguments_only_where_the_binding_says():
    assert gi.Normalise(gi.ZScore()).method == gi.ZScore()
    assert gi.WeightNoise(0.1, levels=[1]).factor == 0.1
    with pytest.raises(gi.ArgumentTypeError, match=r"^MinMax\(\): takes its arguments by keyword"):
        gi.MinMax(0, 1)
    with pytest.raises(gi.ArgumentTypeError, match=r"^Normalise\(\): takes 1 positional argument\(s\) \(method\)"):
        gi.Normalise(gi.MinMax(), {})
    with pytest.raises(gi.ArgumentTypeError, match=r"^Normalise\(\): argument method given twice"):
        gi.Normalise(gi.MinMax(), method=gi.ZScore())


def test_constructors_check_the_value_made():
    with pytest.raises(gi.MethodError):
        gi.MinMax(low=1, high=1)
    with pytest.raises(gi.MethodError):
        gi.Rank(ties="random")


def test_numpy_scalars_and_lone_surrogates():
    assert gi.RowMean(level=np.int32(3)).level == 3
    assert gi.Screen(by_nonzero=np.bool_(True), min_nonzero=np.float32(0.5)).min_nonzero == 0.5
    with pytest.raises(gi.ArgumentValueError, match=r"^Rank\(\): argument ties: text with a lone surrogate"):
        gi.Rank(ties="\ud800")
    with pytest.raises(gi.ArgumentValueError, match=r"^Aggregate\(\): argument weights key: text with a lone"):
        gi.Aggregate(weights={"\ud800": 1.0})

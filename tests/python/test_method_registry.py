"""Every method is registered everywhere a user meets it (issue 22, "adding a method is one place").

The methods are enumerated from the compiled module, not listed here: a class bound with
`bind_method` (python/src/method_binding.hpp) has a `method_name`, and the C++ families list their
names (`normalise_method_names()` ...). A method added in C++ but not bound, not exported from
`govindex`, missing from the docs, or not readable back from a pipeline file fails here. The
recipe is in CONTRIBUTING.md.
"""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import govindex as gi
import pytest
from govindex import _core

DOCS = Path(__file__).resolve().parents[2] / "docs" / "guide"

# The arguments of the methods that have no default for one of them (only what is required).
REQUIRED_ARGUMENTS = {
    "DistanceToReference": {"unit": "U1"},
    "GroupMean": {"group": "Group"},
    "GroupMedian": {"group": "Group"},
    "Levels": {"levels": [_core.Level(name="Tốt", points=2), _core.Level(name="Đạt", points=1)]},
    "Bonus": {"items": [_core.Item(name="Sáng kiến", points=0.5)], "max": 1},
    "Penalty": {"items": [_core.Item(name="Vi phạm", points=1)]},
}

METHOD_CLASSES = sorted(
    (name for name, value in vars(_core).items() if inspect.isclass(value) and hasattr(value, "method_name")),
)


def family_of(method: object) -> str:
    """The family a method belongs to: the step (or rule table) that accepts it."""
    name = type(method).method_name
    if name in _core.normalise_method_names():
        return "normalisation"
    if name in _core.aggregate_method_names():
        return "aggregation"
    if name in _core.scoring_rule_names():
        return "scoring rule"
    try:
        gi.Impute(method)
        return "imputation"
    except TypeError:
        pass
    gi.Treat(gi.TreatSpec(fallback=method))
    return "treatment fallback"


def step_with(method: object) -> object:
    """A pipeline step that uses `method`, for the pipeline file round trip."""
    family = family_of(method)
    if family == "normalisation":
        return gi.Normalise(method)
    if family == "aggregation":
        return gi.Aggregate(method)
    if family == "imputation":
        return gi.Impute(method)
    if family == "treatment fallback":
        return gi.Treat(gi.TreatSpec(fallback=method))
    return gi.Score(rules={"x1": method})


FAMILY_PAGES = {
    "normalisation": ["normalise.md", "pipeline.md"],
    "aggregation": ["aggregate.md", "pipeline.md"],
    "imputation": ["screen-denominate-impute.md", "pipeline.md"],
    "treatment fallback": ["treat.md", "pipeline.md"],
    "scoring rule": ["scoring.md"],
}


def make(name: str) -> object:
    return getattr(_core, name)(**REQUIRED_ARGUMENTS.get(name, {}))


def test_the_enumeration_finds_every_family():
    families = {family_of(make(name)) for name in METHOD_CLASSES}
    assert families == set(FAMILY_PAGES)
    assert len(METHOD_CLASSES) >= 40


def test_every_name_a_family_lists_has_a_bound_class():
    bound = {getattr(_core, name).method_name for name in METHOD_CLASSES}
    for names in (_core.normalise_method_names(), _core.aggregate_method_names(), _core.scoring_rule_names()):
        assert set(names) <= bound, f"not bound in python/src/register_*.cpp: {sorted(set(names) - bound)}"


@pytest.mark.parametrize("name", METHOD_CLASSES)
def test_a_method_is_exported_documented_and_round_trips(name):
    cls = getattr(_core, name)
    assert getattr(gi, name, None) is cls, f"export {name} from python/govindex/__init__.py"
    assert name in gi.__all__, f"add {name} to __all__ in python/govindex/__init__.py"
    assert cls.__doc__, f"{name} needs a docstring (bind_method's doc)"

    method = make(name)
    family = family_of(method)
    for page in FAMILY_PAGES[family]:
        assert f"`{cls.method_name}`" in (DOCS / page).read_text(encoding="utf-8"), (
            f"docs/guide/{page} does not name the {family} `{cls.method_name}`"
        )

    # repr evaluates back, pickling keeps it, and a pipeline file reads it back
    assert eval(repr(method), vars(gi)) == method
    assert pickle.loads(pickle.dumps(method)) == method
    pipeline = gi.Pipeline([step_with(method)])
    assert gi.parse_pipeline(gi.format_pipeline(pipeline)) == pipeline

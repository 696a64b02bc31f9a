"""Step and method values: checked when made (not when run), and a repr that evaluates back."""

from __future__ import annotations

import math

import govindex as gi
import pytest
from govindex import _core
from test_pickle import EVERY_STEP, METHODS, RULES

#: The names a repr may use: govindex's public names and the scoring rules' classes.
NAMES = {name: getattr(gi, name) for name in gi.__all__} | {
    name: getattr(_core, name)
    for name in ("YesNo", "Levels", "Level", "CompletionRate", "Ratio", "RateBand", "Cap", "Bonus", "Penalty", "Item")
}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # steps: every parameter a step has on its own, before any framework
        (lambda: gi.Aggregate(min_availability=5), r"min_availability: expected a share in \[0, 1\], found 5"),
        (lambda: gi.Aggregate(min_availability=math.nan), r"min_availability: expected a share in \[0, 1\], found NaN"),
        (lambda: gi.Aggregate(weights={"LPI": -1.0}), 'weight for "LPI": expected a finite number >= 0, found -1'),
        (lambda: gi.Aggregate(weights={"LPI": math.inf}), 'weight for "LPI": expected a finite number >= 0, found inf'),
        (lambda: gi.Aggregate(weight_set=""), "weight_set: expected the name of a framework weight set"),
        (
            lambda: gi.Screen(min_availability=2),
            r"screen step: min_availability: expected a number in \[0, 1\], found 2",
        ),
        (lambda: gi.Screen(by_availability=False), "by_availability and by_nonzero are both false"),
        (
            lambda: gi.Denominate(scale_factors={"LPI": 0}),
            'scale factor of "LPI".*expected a finite number other than 0',
        ),
        (lambda: gi.Treat(gi.TreatSpec(winmax=0, fallback=gi.NoFallback())), 'winmax = 0 with fallback "none"'),
        (lambda: gi.TreatSpec(winmax=-1), "expected winmax >= 0, found -1"),
        (lambda: gi.TreatSpec(skew_threshold=math.nan), "expected a finite skew_threshold >= 0, found NaN"),
        # normalisation methods
        (lambda: gi.MinMax(low=100, high=0), "minmax: expected finite low < high, found low=100, high=0"),
        (lambda: gi.ZScore(sd=0), "zscore: expected a finite sd > 0, found sd=0"),
        (lambda: gi.Scaled(scale=0), "scaled: expected a finite scale > 0"),
        (lambda: gi.Rank(ties="first"), 'rank: unknown ties rule "first"'),
        (lambda: gi.DistanceToReference(unit=""), "dist2ref: expected the code of the reference unit"),
        # aggregation methods
        (
            lambda: gi.GeometricMean(zero_policy="skip"),
            'gmean: parameter "zero_policy": expected "error", "zero" or "offset"',
        ),
        (lambda: gi.GeneralisedMean(p=math.inf), 'genmean: parameter "p": expected a finite number, found inf'),
        (lambda: gi.MazziottaPareto(penalty="none"), 'mpi: parameter "penalty": expected "subtract" or "add"'),
        # imputation methods
        (lambda: gi.GroupMean(group=""), 'group_mean: parameter "group" is empty'),
        (lambda: gi.RowMean(level=1), 'row_mean: parameter "level" is 1; expected a framework level >= 2'),
        (lambda: gi.PanelLatest(max_time=-1), 'panel_latest: parameter "max_time" is -1'),
        # treatment fallbacks
        (lambda: gi.BoxCox(power=math.nan), "boxcox: expected a finite power, found NaN"),
        # scoring rules
        (lambda: _core.YesNo(points=-1), "yes_no points: expected a finite number >= 0, found -1"),
        (lambda: _core.Cap(max=-1), "cap max: expected a finite number >= 0, found -1"),
    ],
)
def test_bad_parameters_are_refused_at_construction(make, message):
    with pytest.raises(gi.MethodError, match=message):
        make()


@pytest.mark.parametrize(
    "make",
    [
        lambda: gi.Normalise(gi.ArithmeticMean()),
        lambda: gi.Aggregate(gi.MinMax()),
        lambda: gi.Impute(gi.MinMax()),
        lambda: gi.Treat(gi.LogCT()),
    ],
)
def test_a_method_of_another_family_is_refused_at_construction(make):
    with pytest.raises(TypeError):
        make()


def test_setting_a_field_checks_the_changed_value():
    step = gi.Aggregate(min_availability=0.5)
    with pytest.raises(gi.MethodError, match="min_availability"):
        step.min_availability = 5
    assert step.min_availability == 0.5
    step.min_availability = 0.75
    assert step == gi.Aggregate(min_availability=0.75)
    method = gi.MinMax()
    with pytest.raises(gi.MethodError, match="low < high"):
        method.high = -1
    assert method == gi.MinMax()


@pytest.mark.parametrize(
    "value",
    METHODS
    + EVERY_STEP
    + RULES
    + [gi.Normalise(), gi.Aggregate(), gi.Treat(), gi.Impute(), gi.Screen(), gi.Denominate()],
    ids=repr,
)
def test_repr_evaluates_back_to_an_equal_value(value):
    assert eval(repr(value), NAMES) == value


def test_repr_names_every_parameter_as_a_keyword():
    assert repr(gi.Aggregate(gi.GeometricMean(), min_availability=0.5)) == (
        "Aggregate(method=GeometricMean(zero_policy='error', offset=0.0), per_node={}, weights={}, "
        "weight_set='Original', min_availability=0.5)"
    )
    assert repr(gi.Goalposts()) == "Goalposts(lower=float('nan'), upper=float('nan'), scale=100.0, truncate=True)"
    for step in EVERY_STEP:
        names = [name for name in dir(type(step)) if isinstance(getattr(type(step), name), property)]
        assert all(f"{name}=" in repr(step) for name in names), (repr(step), names)


def test_pipeline_repr_evaluates_back():
    pipeline = gi.Pipeline(EVERY_STEP)
    assert eval(repr(pipeline), NAMES) == pipeline
    assert repr(pipeline._impl) == repr(pipeline)


def test_every_step_has_its_names():
    for step in (gi.Denominate, gi.Impute, gi.Screen, gi.Treat, gi.Normalise, gi.Aggregate):
        assert step.step_name and step.data_set_name
    assert (gi.Normalise.step_name, gi.Aggregate.data_set_name) == ("normalise", "Aggregated")

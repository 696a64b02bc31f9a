"""Pipeline steps from Python: weight sets, per-node methods, flags, and the located errors of issue [B]."""

from __future__ import annotations

import math

import govindex as gi
import pandas as pd
import pytest


def tiny() -> tuple[gi.Framework, pd.DataFrame]:
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "P", "Q", "I", "pop"],
            "Level": [1, 1, 1, 2, 2, 3, None],
            "Parent": ["P", "P", "Q", "I", "I", None, None],
            "Direction": [1, 1, 1, 1, 1, 1, None],
            "Weight": [1, 1, 1, 1, 1, 1, None],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3 + ["Denominator"],
            "Denominator": ["pop", None, None, None, None, None, None],
        }
    )
    data = pd.DataFrame(
        {
            "uCode": ["x", "y", "z"],
            "pop": [10.0, 20.0, 40.0],
            "a": [100.0, 100.0, 100.0],
            "b": [1.0, 2.0, 3.0],
            "c": [3.0, 2.0, 1.0],
        }
    )
    return gi.Framework.from_frame(meta), data


def test_weight_sets_are_named_and_keyed_by_code(asem):
    framework, data = asem
    doubled = framework.with_weight_set("SustHeavy", {"Sust": 2.0})
    assert doubled.weight_set_names == ["Original", "SustHeavy"]
    assert doubled.weights("SustHeavy")["Sust"] == 2.0 and doubled.weights("SustHeavy")["Conn"] == 1.0
    base = gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(doubled, data).scores
    heavy = gi.Pipeline([gi.Normalise(), gi.Aggregate(weight_set="SustHeavy")]).run(doubled, data).scores
    expected = (base["Conn"] * 1 + base["Sust"] * 2) / 3
    assert (heavy["Index"] - expected).abs().max() < 1e-12
    with pytest.raises(gi.MethodError, match='no weight set "Nope"; expected one of Original, SustHeavy'):
        gi.Pipeline([gi.Normalise(), gi.Aggregate(weight_set="Nope")]).run(doubled, data)
    with pytest.raises(gi.FrameworkError, match='weight set "Bad": unknown node "Nope"'):
        framework.with_weight_set("Bad", {"Nope": 1.0})
    with pytest.raises(gi.FrameworkError, match='every child of "Index" has weight 0'):
        framework.with_weight_set("Zero", {"Conn": 0.0, "Sust": 0.0})


def test_mixed_methods_within_one_level(asem):
    framework, data = asem
    mixed = gi.Pipeline(
        [
            gi.Normalise(gi.MinMax(low=1, high=100)),
            gi.Aggregate(per_node={"Physical": gi.GeometricMean(), "Social": gi.HarmonicMean()}),
        ]
    ).run(framework, data)
    plain = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate()]).run(framework, data)
    assert mixed.scores["Environ"].equals(plain.scores["Environ"])  # same level, default method
    assert (mixed.scores["Physical"] <= plain.scores["Physical"] + 1e-12).all()  # geometric <= arithmetic
    assert (mixed.scores["Social"] <= plain.scores["Social"] + 1e-12).all()


def test_zero_denominator_is_a_located_error():
    framework, data = tiny()
    data.loc[1, "pop"] = 0.0
    with pytest.raises(gi.NumericError, match=r'"a".*"y".*"pop"|"y".*"a".*"pop"'):
        gi.Pipeline([gi.Denominate(), gi.Normalise(), gi.Aggregate()]).run(
            framework, gi.Dataset.from_frame(data, framework)
        )


def test_missing_denominator_is_an_error_unless_asked_for():
    framework, data = tiny()
    data.loc[2, "pop"] = float("nan")
    dataset = gi.Dataset.from_frame(data, framework)
    with pytest.raises(gi.NumericError, match='"z"'):
        gi.Pipeline([gi.Denominate()]).run(framework, dataset)
    out = gi.Pipeline([gi.Denominate(missing_denominator_gives_missing=True)]).run(framework, dataset)
    denominated = out.data_set("Denominated").values
    assert denominated.loc["x", "a"] == 10.0 and math.isnan(denominated.loc["z", "a"])


def test_single_year_linear_panel_imputation_is_an_error():
    """COINr issue #63: linear imputation with one observed year crashes; ours explains."""
    framework, data = tiny()
    panel = pd.concat([data.assign(Time=2020), data.assign(Time=2021)], ignore_index=True)
    panel.loc[(panel["uCode"] == "x") & (panel["Time"] == 2021), "b"] = None
    dataset = gi.Dataset.from_frame(panel, framework)
    with pytest.raises((gi.NumericError, gi.MethodError), match='"x"'):
        gi.Pipeline([gi.Impute(gi.PanelLinear())]).run(framework, dataset)
    filled = gi.Pipeline([gi.Impute(gi.PanelLatest())]).run(framework, dataset).data_set("Imputed").values
    assert filled.loc[("x", 2021), "b"] == 1.0


def test_imputed_flags_reach_the_explanation(asem):
    framework, data = asem
    results = gi.Pipeline([gi.Impute(gi.IndicatorMean()), gi.Normalise(), gi.Aggregate()]).run(framework, data)
    raw = data.values
    unit, column = next((u, c) for c in raw.columns for u in raw.index if math.isnan(raw.loc[u, c]))
    chain = results.explain(unit, column)
    assert list(chain["flags"])[1:] == ["imputed", "imputed", "imputed"]
    assert chain["explanation"].iloc[1].startswith("impute(method=indicator_mean()): changed from missing (imputed)")


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (gi.Normalise(per_node={"Nope": gi.MinMax()}), 'per-node method for "Nope": unknown node'),
        (gi.Treat(per_node={"Nope": gi.TreatSpec()}), '"Nope"'),
        (gi.Impute(per_node={"Nope": gi.IndicatorMean()}), '"Nope"'),
        (gi.Aggregate(per_node={"LPI": gi.GeometricMean()}), "node is of type Indicator; expected an aggregate code"),
    ],
)
def test_overrides_naming_unknown_or_wrong_nodes(asem, step, message):
    with pytest.raises(gi.MethodError, match=message):
        gi.Pipeline([step]).check(asem[0])


def test_unknown_method_or_parameter_from_a_file(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        '[[steps]]\nstep = "impute"\nmethod = { name = "group_mean", grup = "EurAsia_group" }\n', encoding="utf-8"
    )
    with pytest.raises(
        gi.MethodError, match=r'p.toml line 3, key "steps\[1\].method".*unknown parameter "grup"; expected one of group'
    ):
        gi.read_pipeline(path)


# --- per-node settings: one resolver, one rule, one message shape in every step ---------------------

HA_NFC, HA_NFD = "H\u00e0", "Ha\u0300"  # "Hà" composed and decomposed: one code, two spellings


def _nfc_framework() -> gi.Framework:
    rows = [
        {"iCode": HA_NFC, "iName": "Hà", "Level": 1, "Parent": "P", "Direction": 1, "Weight": 1.0, "Type": "Indicator"},
        {"iCode": "b", "iName": "b", "Level": 1, "Parent": "P", "Direction": 1, "Weight": 1.0, "Type": "Indicator"},
        {"iCode": "P", "iName": "P", "Level": 2, "Parent": "", "Direction": 1, "Weight": 1.0, "Type": "Aggregate"},
    ]
    return gi.Framework.from_frame(pd.DataFrame(rows))


# (step name, field, label in messages, a step naming the given codes, what a code must be)
PER_NODE = [
    (
        "normalise",
        "per_node",
        "per-node method",
        lambda c: gi.Normalise(per_node={k: gi.MinMax() for k in c}),
        "an indicator code",
    ),
    (
        "impute",
        "per_node",
        "per-node method",
        lambda c: gi.Impute(per_node={k: gi.IndicatorMean() for k in c}),
        "an indicator code",
    ),
    (
        "treat",
        "per_node",
        "per-node spec",
        lambda c: gi.Treat(per_node={k: gi.TreatSpec() for k in c}),
        "an indicator code",
    ),
    (
        "denominate",
        "denominators",
        "denominator",
        lambda c: gi.Denominate(denominators={k: "pop" for k in c}),
        "an indicator code",
    ),
    ("score", "rules", "rule", lambda c: gi.Score(rules={k: gi.YesNo() for k in c}), "an indicator code"),
    (
        "aggregate",
        "weights",
        "weight",
        lambda c: gi.Aggregate(weights={k: 1.0 for k in c}),
        "an indicator or aggregate code",
    ),
]


@pytest.mark.parametrize("name, field, label, make, expected", PER_NODE, ids=[p[0] for p in PER_NODE])
def test_every_step_rejects_an_unknown_code_the_same_way(name, field, label, make, expected):
    with pytest.raises(gi.MethodError) as info:
        gi.Pipeline([make(["Nope"])]).check(_nfc_framework())
    error = info.value
    assert str(error) == f'step 1 ({name}): {name} step: {label} for "Nope": unknown node; expected {expected}'
    assert (error.source, error.column, error.node, error.expected, error.found) == (
        f"step 1 ({name})",
        field,
        "Nope",
        expected,
        "unknown node",
    )


@pytest.mark.parametrize("name, field, label, make, expected", PER_NODE, ids=[p[0] for p in PER_NODE])
def test_every_step_rejects_two_spellings_of_one_code_the_same_way(name, field, label, make, expected):
    step = make([HA_NFC, HA_NFD])
    with pytest.raises(gi.MethodError) as info:
        gi.Pipeline([step]).check(_nfc_framework())
    error = info.value
    # keys are met in byte order ("Ha\u0300" < "H\u00e0"): the NFC key is "another spelling" of the NFD one
    assert str(error) == (
        f'step 1 ({name}): {name} step: {label} for "{HA_NFC}": another spelling of "{HA_NFD}", '
        "the same node; expected one entry per node"
    )
    assert (error.source, error.column, error.node, error.expected) == (
        f"step 1 ({name})",
        field,
        HA_NFC,
        "one entry per node",
    )
    # one spelling alone, in either form, is accepted and used
    gi.Pipeline([make([HA_NFD])]).check(_nfc_framework())


def test_aggregate_per_node_wants_an_aggregate_code():
    with pytest.raises(gi.MethodError) as info:
        gi.Pipeline([gi.Aggregate(per_node={"b": gi.GeometricMean()})]).check(_nfc_framework())
    assert str(info.value).endswith('per-node method for "b": node is of type Indicator; expected an aggregate code')
    assert info.value.found == "node is of type Indicator"

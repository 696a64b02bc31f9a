"""ASEM (a) from Python: min-max [0, 100] + arithmetic mean reproduces COINr 1.1.14 (rtol 1e-9)."""

from __future__ import annotations

import govindex as gi
import pandas as pd
import pytest
from conftest import assert_matches, reference


def test_normalised_matches_coinr(asem, minmax_amean):
    framework, data = asem
    results = minmax_amean.run(framework, data)
    expected = reference("norm_minmax_0_100.csv")
    assert expected.shape == (51, 49)
    assert_matches(results.data_set("Normalised").values, expected)


def test_scores_match_coinr(asem, minmax_amean):
    results = minmax_amean.run(*asem)
    expected = reference("a_minmax_amean_scores.csv")
    assert expected.shape == (51, 60)
    assert_matches(results.scores, expected)


def test_ranks_match_coinr(asem, minmax_amean):
    results = minmax_amean.run(*asem)
    expected = reference("a_minmax_amean_ranks.csv")
    actual = results.ranks.loc[expected.index, expected.columns]
    assert (actual.astype("float").fillna(-1) == expected.astype("float").fillna(-1)).all().all()


def test_results_table_matches_coinr(asem, minmax_amean):
    table = minmax_amean.run(*asem).results_table()
    expected = reference("a_minmax_amean_results_summ.csv")
    assert list(table.index) == list(expected.index)
    assert list(table["uName"]) == list(expected["uName"])
    assert_matches(table[["Index"]], expected[["Index"]])
    assert list(table["Rank"]) == list(expected["Rank"])


def test_every_step_is_kept_and_raw_is_unchanged(asem, minmax_amean):
    framework, data = asem
    results = minmax_amean.run(framework, data)
    assert results.data_set_names == ["Raw", "Normalised", "Aggregated"]
    assert results.data_set("Raw") == data
    with pytest.raises(gi.UnknownCodeError, match="expected one of Raw, Normalised, Aggregated"):
        results.data_set("Treated")


def test_per_node_override_and_weights_change_only_their_nodes(asem):
    framework, data = asem
    base = gi.Pipeline([gi.Normalise(gi.MinMax()), gi.Aggregate()]).run(framework, data).scores
    varied = (
        gi.Pipeline(
            [
                gi.Normalise(gi.MinMax(), per_node={"LPI": gi.MinMax(low=1, high=10)}),
                gi.Aggregate(weights={"Physical": 3.0}),
            ]
        )
        .run(framework, data)
        .scores
    )
    # LPI now lies in [1, 10]; other indicators are unchanged.
    assert varied["LPI"].min() == pytest.approx(1) and varied["LPI"].max() == pytest.approx(10)
    assert varied["Flights"].equals(base["Flights"])
    # Pillars outside Physical's parent (Conn) are unchanged; Sust is unchanged.
    assert varied["Environ"].equals(base["Environ"])
    assert not varied["Conn"].equals(base["Conn"])


def test_hand_computed_two_level_index():
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "P", "Q", "I"],
            "Level": [1, 1, 1, 2, 2, 3],
            "Parent": ["P", "P", "Q", "I", "I", None],
            "Direction": [1, -1, 1, 1, 1, 1],
            "Weight": [1, 3, 1, 1, 1, 1],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
        }
    )
    framework = gi.Framework.from_frame(meta)
    data = gi.Dataset.from_frame(
        pd.DataFrame({"uCode": ["x", "y", "z"], "a": [0.0, 5.0, 10.0], "b": [2.0, 1.0, None], "c": [1.0, 3.0, 2.0]}),
        framework,
    )
    scores = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=1)), gi.Aggregate()]).run(framework, data).scores
    # a -> 0, .5, 1; b (direction -1) -> 0, 1, NaN; c -> 0, 1, .5
    assert scores.loc["y", "P"] == pytest.approx((0.5 * 1 + 1 * 3) / 4)
    assert scores.loc["z", "P"] == pytest.approx(1.0)  # b missing: a alone
    assert scores.loc["z", "I"] == pytest.approx((1.0 + 0.5) / 2)
    assert list(gi.Pipeline([gi.Normalise(), gi.Aggregate()]).run(framework, data).ranks["I"]) == [3, 1, 2]


def test_pipeline_file_round_trip(tmp_path, asem):
    pipeline = gi.Pipeline(
        [
            gi.Normalise(gi.MinMax(low=1, high=100), per_node={"LPI": gi.MinMax(low=0, high=10)}),
            gi.Aggregate(gi.ArithmeticMean(), weights={"Physical": 2.0}),
        ]
    )
    path = tmp_path / "pipeline.toml"
    gi.write_pipeline(pipeline, path)
    assert gi.read_pipeline(path) == pipeline
    assert gi.parse_pipeline(gi.format_pipeline(pipeline)) == pipeline
    pipeline.check(asem[0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[steps]]\nstep = "normalise"\nmethod = { name = "minmaxx" }\n',
            'line 3.*unknown normalisation method "minmaxx"; expected one of minmax',
        ),
        (
            '[[steps]]\nstep = "normalise"\nmethod = { name = "minmax", lo = 1 }\n',
            'unknown parameter "lo"; expected one of low, high',
        ),
        (
            '[[steps]]\nstep = "normalise"\nmethod = { name = "minmax", low = "zero" }\n',
            'parameter "low": expected a number',
        ),
        ('[[steps]]\nstep = "normalize"\n', 'line 2, key "steps\\[1\\].step": unknown step "normalize"'),
        ('[[steps]]\nstep = "aggregate"\nmetod = 1\n', 'line 3, key "steps\\[1\\].metod": unknown key'),
        ("[[steps]\n", "p.toml line 1: .*expected TOML"),
    ],
)
def test_bad_pipeline_files_are_located(text, message):
    with pytest.raises(gi.MethodError, match=message) as info:
        gi.parse_pipeline(text, "p.toml")
    assert str(info.value).startswith("p.toml")


def test_bad_overrides_name_the_node(asem):
    framework, data = asem
    with pytest.raises(gi.MethodError, match='per-node method for "Nope": unknown node; expected an indicator code'):
        gi.Pipeline([gi.Normalise(per_node={"Nope": gi.MinMax()}), gi.Aggregate()]).run(framework, data)
    with pytest.raises(gi.MethodError, match='"Physical": node is of type Aggregate; expected an indicator'):
        gi.Pipeline([gi.Normalise(per_node={"Physical": gi.MinMax()})]).run(framework, data)
    with pytest.raises(gi.MethodError, match='weight for "LPI": expected a finite number >= 0, found -1'):
        gi.Pipeline([gi.Normalise(), gi.Aggregate(weights={"LPI": -1.0})]).run(framework, data)
    with pytest.raises(gi.MethodError, match="expected finite low < high"):
        gi.MinMax(low=5, high=5)


def test_panel_runs_year_by_year(asem):
    framework, _ = asem
    from conftest import ASEM

    panel = gi.read_dataset(ASEM / "iData_p.csv", framework)
    assert panel.is_panel and panel.years == [2018, 2019, 2020, 2021, 2022]
    pipeline = gi.Pipeline([gi.Normalise(), gi.Aggregate()])
    whole = pipeline.run(framework, panel)
    alone = pipeline.run(framework, panel.select_time(2020))
    assert whole.scores.xs(2020, level="Time").equals(alone.scores)
    table = whole.results_table()
    assert table.index.names == ["uCode", "Time"] and len(table) == 255
    assert (table.groupby(level="Time")["Rank"].min() == 1).all()
    with pytest.raises(gi.UnknownCodeError, match="give the year"):
        whole.explain("AUT", "Index")
    assert whole.explain("AUT", "Index", year=2020)["value"].iloc[-1] == pytest.approx(alone.scores.loc["AUT", "Index"])

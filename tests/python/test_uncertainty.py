"""The uncertainty engine from Python: COINr's ASEM analysis, engine = pipeline, determinism over
threads, partial runs and a local Dask cluster, pandas outputs, pickling and bad input."""

from __future__ import annotations

import pickle

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import reference


def asem_inputs() -> list:
    return [
        gi.WeightNoise(0.25, levels=[2, 3], name="weights"),
        gi.StepChoice(
            [
                gi.Normalise(gi.MinMax(low=0, high=100)),
                gi.Normalise(gi.ZScore(mean=10, sd=2)),
                gi.Normalise(gi.PercentRank()),
            ],
            name="normalisation",
        ),
    ]


@pytest.fixture(scope="module")
def engine(asem, minmax_amean) -> gi.UncertaintyEngine:
    framework, data = asem
    return gi.UncertaintyEngine(framework, minmax_amean, data, asem_inputs(), nodes=["Index", "Conn"])


def test_nominal_ranks_equal_coinr(engine):
    ua = engine.uncertainty(replicates=300, seed=1, progress=False)
    summary = ua.summary()
    expected = reference("a_minmax_amean_ranks.csv")["Index"]
    assert (summary.loc[expected.index, "nominal_rank"] == expected).all()
    assert list(summary.columns[:6]) == ["name", "nominal_rank", "mean_rank", "median_rank", "q05_rank", "q95_rank"]
    assert (summary["q05_rank"] <= summary["median_rank"]).all() and (
        summary["median_rank"] <= summary["q95_rank"]
    ).all()
    frequencies = ua.rank_frequencies()
    assert frequencies.shape == (51, 52)
    np.testing.assert_allclose(frequencies.sum(axis=1), 1.0)
    top10 = ua.top_probability(10)
    assert top10.between(0, 1).all() and top10.sum() == pytest.approx(10)
    assert ua.mean_rank_shift > 0


def test_engine_scores_equal_pipeline_runs(engine):
    framework = engine.nominal.framework
    for index in range(0, 400, 2):  # 200 sampled replicates
        pipeline, data = engine.sampled_run(7, index)
        expected = pipeline.run(framework, data).scores[["Index", "Conn"]]
        got = engine.replicate_scores(7, index)
        np.testing.assert_allclose(got.to_numpy(), expected.loc[got.index].to_numpy(), rtol=1e-12, atol=0)
        assert (
            got["Index"].rank(method="min", ascending=False) == expected["Index"].rank(method="min", ascending=False)
        ).all()


def test_results_do_not_depend_on_threads_and_ranges_merge(engine):
    one = engine.uncertainty(replicates=1000, seed=5, threads=1, progress=False)
    two = engine.uncertainty(replicates=1000, seed=5, threads=2, progress=False)
    eight = engine.uncertainty(replicates=1000, seed=5, threads=8, progress=False)
    assert one == two == eight
    pd.testing.assert_frame_equal(one.summary(), eight.summary())
    first = engine.uncertainty(replicates=1000, seed=5, end=512, progress=False)
    second = engine.uncertainty(replicates=1000, seed=5, begin=512, progress=False)
    assert first.merged(second) == one
    with pytest.raises(gi.MethodError, match="next range"):
        second.merged(first)
    assert pickle.loads(pickle.dumps(one)) == one


def test_dask_local_cluster_equals_local_run(engine):
    distributed = pytest.importorskip("distributed")
    local = engine.uncertainty(replicates=1200, seed=11, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            remote = engine.uncertainty(replicates=1200, seed=11, client=client)
    assert remote == local


def test_kept_replicates_and_parameters(engine):
    ua = engine.uncertainty(replicates=300, seed=2, keep_replicates=True, progress=False)
    ranks = ua.replicate_ranks()
    assert ranks.shape == (300, 51) and ranks.index.name == "replicate"
    np.testing.assert_allclose(
        ua.replicate_scores().iloc[17].to_numpy(), engine.replicate_scores(2, 17)["Index"].to_numpy(), rtol=1e-14
    )
    parameters = ua.replicate_parameters()
    assert parameters.columns[0] == "normalisation"
    assert set(parameters["normalisation"]) == {0.0, 1.0, 2.0}
    assert ua.replicate_ranks("Conn").shape == (300, 51)
    # Exact type-7 rank quantiles: the summary equals numpy's default quantile on the kept ranks.
    np.testing.assert_array_equal(ua.summary()["median_rank"].to_numpy(), np.quantile(ranks.to_numpy(), 0.5, axis=0))
    with pytest.raises(ValueError, match="keep_replicates"):
        engine.uncertainty(replicates=10, progress=False).replicate_ranks()


def test_sensitivity_per_unit_indices(engine):
    sa = engine.sensitivity(base_samples=256, seed=3, resamples=100, progress=False)
    assert sa.runs == 256 * 4 and sa.design == "sobol"
    indices = sa.indices
    assert list(indices.index) == ["weights", "normalisation"]
    assert list(indices.columns) == ["first", "first_low", "first_high", "total", "total_low", "total_high"]
    assert indices.loc["normalisation", "total"] > indices.loc["weights", "total"]
    per_unit = sa.unit_indices("Index", output="rank", index="total")
    assert per_unit.shape == (51, 2) and per_unit.index.name == "uCode"
    assert sa.unit_indices("Conn", output="score").shape == (51, 2)
    assert len(sa.table()) == (1 + 2 * 2 * 51) * 2
    assert pickle.loads(pickle.dumps(sa)) == sa


def test_progress_callback_and_cancel(engine):
    seen = []
    engine.uncertainty(replicates=600, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 600) and seen[-1] == (600, 600)
    with pytest.raises(gi.Cancelled, match="stopped by the progress callback"):
        engine.uncertainty(replicates=600, progress=lambda done, total: False)

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.uncertainty(replicates=600, progress=interrupt)


def test_papi_rank_intervals_from_published_standard_errors():
    # PAPI 2022's published total with its standard error per province, as a one-indicator index.
    framework = gi.vn.published.papi_total_framework()
    data = gi.vn.published.papi_total(2022)
    ua = gi.uncertainty_analysis(
        framework,
        gi.Pipeline([gi.Aggregate(gi.WeightedSum())]),
        data,
        [gi.DataNoise()],
        replicates=2000,
        seed=1,
        progress=False,
    )
    summary = ua.summary()
    assert len(summary) == 63
    published = data.values["score"]
    assert (summary["nominal_score"] == published.loc[summary.index]).all()
    width = summary["q95_rank"] - summary["q05_rank"]
    assert (width >= 0).all() and width.median() > 1
    # The mean of the noisy totals is the published total, within sampling error.
    se = data.standard_errors["score"].loc[summary.index]
    assert ((summary["mean_score"] - summary["nominal_score"]).abs() <= 5 * se / np.sqrt(2000)).all()


@pytest.mark.parametrize(
    "make, error, field",
    [
        (lambda: gi.WeightNoise(-0.1, levels=[2]), gi.MethodError, "factor"),
        (lambda: gi.WeightNoise(1.0, levels=[2]), gi.MethodError, "factor"),
        (lambda: gi.WeightNoise(0.1), gi.MethodError, "levels"),
        (lambda: gi.StepChoice([gi.Normalise()]), gi.MethodError, "alternatives"),
        (lambda: gi.StepChoice([gi.Normalise(), gi.Aggregate()]), gi.MethodError, "alternatives"),
        (lambda: gi.IndicatorExclusion(probability=1.5), gi.MethodError, "probability"),
        (lambda: gi.IndicatorExclusion(), gi.MethodError, "probability"),
    ],
)
def test_bad_inputs_are_caught_when_made(make, error, field):
    with pytest.raises(error) as caught:
        make()
    assert caught.value.column == field
    assert "uncertain input" in str(caught.value)


def test_bad_declarations_name_the_input(asem, minmax_amean):
    framework, data = asem
    with pytest.raises(gi.MethodError, match='uncertain input "weights": nodes: "Nope": unknown node') as caught:
        gi.UncertaintyEngine(framework, minmax_amean, data, [gi.WeightNoise(0.1, nodes=["Nope"])])
    assert caught.value.node == "Nope"
    with pytest.raises(gi.MethodError, match="touches nothing"):
        gi.UncertaintyEngine(framework, minmax_amean, data, [gi.StepChoice([gi.Treat(), gi.Treat()])])
    with pytest.raises(gi.MethodError, match="no standard errors"):
        gi.UncertaintyEngine(framework, minmax_amean, data, [gi.DataNoise()])
    with pytest.raises(TypeError, match=r"inputs\[0\]: expected WeightNoise"):
        gi.UncertaintyEngine(framework, minmax_amean, data, ["weights"])
    with pytest.raises(TypeError, match="framework: expected a govindex.Framework"):
        gi.UncertaintyEngine(data, minmax_amean, data, asem_inputs())
    engine = gi.UncertaintyEngine(framework, minmax_amean, data, asem_inputs())
    with pytest.raises(ValueError, match="replicates: expected an int >= 2, found 1"):
        engine.uncertainty(replicates=1)
    with pytest.raises(gi.MethodError, match="multiple of 128"):
        engine.uncertainty(replicates=1000, begin=100)


def test_inputs_print_compare_and_pickle():
    for value in asem_inputs() + [gi.IndicatorExclusion(leave_one_out=True), gi.DataNoise(columns=["a"])]:
        assert eval(repr(value), {"__builtins__": {}}, vars(gi)) == value
        assert pickle.loads(pickle.dumps(value)) == value


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: gi.StepChoice([gi.MinMax(), gi.ZScore()]),
            "StepChoice(): argument alternatives: expected a list of steps of one type (a method goes in its step",
        ),
        (
            lambda: gi.WeightNoise("0.2", levels=[2]),
            "WeightNoise(): argument factor: expected a number in [0, 1), found str",
        ),
        (
            lambda: gi.WeightNoise(0.2, levels=2),
            "WeightNoise(): argument levels: expected a list of levels (int), found int 2",
        ),
        (
            lambda: gi.IndicatorExclusion(probabilty=0.2),
            "IndicatorExclusion(): unexpected argument probabilty; expected one of",
        ),
        (
            lambda: gi.DataNoise(columns="LPI"),
            "DataNoise(): argument columns: expected a list of indicator codes (str)",
        ),
    ],
)
def test_wrong_python_arguments_get_one_line(make, message):
    with pytest.raises(TypeError) as caught:
        make()
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text


def test_a_value_without_standard_error_is_named():
    framework = gi.vn.published.papi_total_framework()
    data = gi.vn.published.papi_total(2021)  # published without standard errors
    with pytest.raises(gi.MethodError, match="no standard errors"):
        gi.UncertaintyEngine(framework, gi.Pipeline([gi.Aggregate(gi.WeightedSum())]), data, [gi.DataNoise()])
    frame = data.to_frame().reset_index()
    frame["score_se"] = 0.5
    frame.loc[3, "score_se"] = float("nan")
    partial = gi.Dataset.from_frame(frame, framework)
    with pytest.raises(gi.MethodError, match=r'unit "\w+", "score": a value without a standard error') as caught:
        gi.UncertaintyEngine(framework, gi.Pipeline([gi.Aggregate(gi.WeightedSum())]), partial, [gi.DataNoise()])
    assert caught.value.column == "columns" and caught.value.node == "score"


def test_noise_on_an_aggregate_per_unit(asem, minmax_amean):
    framework, data = asem
    se = {code: 2.0 for code in data.unit_codes}
    engine = gi.UncertaintyEngine(
        framework,
        minmax_amean,
        data,
        [gi.DataNoise(node="Conn", standard_errors=se, name="Conn noise")],
        nodes=["Conn", "Index"],
    )
    ua = engine.uncertainty(replicates=4000, seed=3, progress=False)
    conn = ua.summary("Conn")
    assert ((conn["mean_score"] - conn["nominal_score"]).abs() < 0.15).all()
    assert ((conn["sd_score"] - 2.0).abs() < 0.15).all()
    index = ua.summary("Index")
    assert (index["sd_score"] > 0).all()  # the index moves with its child
    with pytest.raises(gi.MethodError, match="cannot express"):
        engine.sampled_run(3, 0)
    declaration = gi.UncertaintyDeclaration([gi.DataNoise(node="Conn", standard_errors={"AUT": 1.5, "BEL": 0.5})])
    assert gi.parse_uncertain_inputs(gi.format_uncertain_inputs(declaration)) == declaration


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"seed": 2**64}, "seed"),
        ({"seed": -1}, "seed"),
        ({"threads": -1}, "threads"),
        ({"replicates": 2**64}, "replicates"),
        ({"begin": -1}, "begin"),
        ({"end": 2**64}, "end"),
    ],
)
def test_out_of_range_integers_are_one_line_errors(engine, arguments, name):
    """seed=2**64 and friends gave pybind11's signature dump of several hundred characters."""
    with pytest.raises(gi.ArgumentValueError, match=rf"^{name}: expected an int") as info:
        engine.uncertainty(**{"replicates": 100, **arguments}, progress=False)
    assert len(str(info.value)) < 120
    if name in ("seed", "threads"):
        with pytest.raises(gi.ArgumentValueError, match=rf"^{name}: expected an int"):
            engine.sensitivity(base_samples=4, **arguments, progress=False)


def test_impossible_sizes_are_method_errors_before_allocating(engine):
    """replicates=2**40 (kept) and base_samples=2**40 gave a bare MemoryError."""
    with pytest.raises(gi.MethodError, match=r"uncertainty analysis: replicates = 1099511627776 needs more than"):
        engine.uncertainty(replicates=2**40, keep_replicates=True, progress=False)
    with pytest.raises(gi.MethodError, match=r"sensitivity analysis: base_samples = 1099511627776 needs more than"):
        engine.sensitivity(base_samples=2**40, progress=False)
    with pytest.raises(gi.ArgumentValueError, match=r"^resamples: expected an int >= 0"):
        engine.sensitivity(base_samples=4, resamples=-1, progress=False)

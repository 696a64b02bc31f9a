"""govindex.plot on small real analyses (ASEM weights and normalisers, PAPI 2022 data noise), drawn
with matplotlib's Agg backend: what each plot holds (rows, ticks, labels, bars, error bars, colour
bars), unit look-up by code or name with diacritics, and lazy loading of matplotlib."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import govindex as gi  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from govindex import plot  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def engine(asem, minmax_amean) -> gi.UncertaintyEngine:
    framework, data = asem
    inputs = [
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
    return gi.UncertaintyEngine(framework, minmax_amean, data, inputs, nodes=["Index", "Conn"])


@pytest.fixture(scope="module")
def ua(engine) -> gi.UncertaintyAnalysis:
    return engine.uncertainty(replicates=300, seed=1, progress=False)


@pytest.fixture(scope="module")
def sa(engine) -> gi.SensitivityAnalysis:
    return engine.sensitivity(base_samples=64, seed=1, resamples=20, progress=False)


@pytest.fixture(scope="module")
def papi() -> gi.UncertaintyAnalysis:
    framework = gi.vn.published.papi_total_framework()
    data = gi.vn.published.papi_total(2022)
    return gi.uncertainty_analysis(
        framework,
        gi.Pipeline([gi.Aggregate(gi.WeightedSum())]),
        data,
        [gi.DataNoise()],
        replicates=300,
        seed=1,
        progress=False,
    )


def tick_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_rank_intervals_one_row_per_unit_in_nominal_order(ua):
    ax = plot.rank_intervals(ua, highlight="DEU")
    summary = ua.summary().sort_values("nominal_rank", kind="stable")
    assert tick_texts(ax) == list(summary.index) and len(ax.get_yticks()) == 51
    intervals = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(c.get_segments()) for c in intervals) == 51
    segments = intervals[0].get_segments()  # the non-highlighted units, top to bottom
    assert segments[0][0][0] == summary["q05_rank"].iloc[1] and segments[0][1][0] == summary["q95_rank"].iloc[1]
    nominal = [line for line in ax.get_lines() if line.get_gid() == "nominal"][0]
    assert list(nominal.get_xdata()) == list(summary["nominal_rank"])
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["DEU"]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # rank 1 at the top
    assert ax.get_title() == "Index: rank intervals over 300 replicates"
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"5th-95th percentile", "median rank", "nominal rank"}


def test_rank_intervals_by_name_on_given_axes_and_from_a_frame(ua):
    figure, ax = plt.subplots()
    returned = plot.rank_intervals(
        ua, "Conn", highlight=["vietnam", "VNM", "Germany"], labels="name", sort="median", ax=ax, title="Connectivity"
    )
    assert returned is ax and ax.get_title() == "Connectivity"
    summary = ua.summary("Conn").sort_values("median_rank", kind="stable")
    assert tick_texts(ax) == list(summary["name"])
    assert {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"} == {"Vietnam", "Germany"}
    from_frame = plot.rank_intervals(ua.summary(), sort=None)
    assert tick_texts(from_frame) == list(ua.summary().index)


def test_rank_intervals_keep_vietnamese_names(papi):
    ax = plot.rank_intervals(papi, highlight="Bến Tre", labels="name")
    labels = tick_texts(ax)
    assert len(labels) == 63 and "Bến Tre" in labels and "Thừa Thiên Huế" in labels
    assert [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"] == ["Bến Tre"]
    # Decomposed (NFD) input, a code and an ASCII alias find the same province.
    import unicodedata

    for key in (unicodedata.normalize("NFD", "Bến Tre"), "83", "Ben Tre"):
        ax = plot.rank_intervals(papi, highlight=key, labels="name")
        assert [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"] == ["Bến Tre"]


def test_unknown_highlight_and_bad_options(ua):
    with pytest.raises(KeyError, match="Atlantis"):
        plot.rank_intervals(ua, highlight=["DEU", "Atlantis"])
    with pytest.raises(ValueError, match="labels"):
        plot.rank_intervals(ua, labels="iso")
    with pytest.raises(ValueError, match="sort"):
        plot.rank_intervals(ua, sort="score")
    with pytest.raises(TypeError, match="UncertaintyAnalysis"):
        plot.rank_intervals([1, 2, 3])


def test_sensitivity_bars_with_bootstrap_error_bars(sa):
    ax = plot.sensitivity_bars(sa)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 2 and all(len(c.patches) == 2 for c in bars)
    assert all(c.errorbar is not None for c in bars)
    indices = sa.indices
    assert [p.get_height() for p in bars[0].patches] == pytest.approx(list(indices["first"]))
    assert [p.get_height() for p in bars[1].patches] == pytest.approx(list(indices["total"]))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["weights", "normalisation"]
    assert "(256 runs)" in ax.get_title()
    # A frame without intervals: bars without error bars.
    plain = plot.sensitivity_bars(indices[["first", "total"]])
    assert all(c.errorbar is None for c in plain.containers if isinstance(c, BarContainer))


def test_sensitivity_heatmap_units_by_inputs(sa, ua):
    ax = plot.sensitivity_heatmap(sa)
    image = ax.get_images()[0]
    expected = sa.unit_indices("Index", output="rank", index="total")
    assert image.get_array().shape == (51, 2)
    assert tick_texts(ax) == list(expected.index)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["weights", "normalisation"]
    assert len(ax.figure.axes) == 2  # the heat map and its colour bar
    assert ax.get_title() == "Index: total Sobol' indices of each unit's rank"
    order = ua.summary("Conn").sort_values("nominal_rank").index[:10]
    ax = plot.sensitivity_heatmap(sa, "Conn", output="score", index="first", units=order, labels="name", names=ua)
    assert image is not ax.get_images()[0] and ax.get_images()[0].get_array().shape == (10, 2)
    assert tick_texts(ax) == list(ua.summary("Conn").loc[order, "name"])
    with pytest.raises(ValueError, match="names="):
        plot.sensitivity_heatmap(sa, labels="name")
    with pytest.raises(ValueError, match="index"):
        plot.sensitivity_heatmap(sa, index="second")


def test_rank_frequency_heatmap(ua):
    ax = plot.rank_frequency_heatmap(ua, labels="name")
    assert ax.get_images()[0].get_array().shape == (51, 51)
    assert tick_texts(ax)[0] == "Germany" and len(ax.figure.axes) == 2


def test_import_govindex_does_not_import_matplotlib():
    code = "import sys, govindex, govindex.plot; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_missing_matplotlib_is_a_clear_import_error(ua, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # as if not installed
    with pytest.raises(ImportError, match="govindex.plot needs matplotlib: pip install matplotlib"):
        plot.rank_intervals(ua)


# --- plots of a run (framework, bar, dot, distribution, scatter, correlation heat map) -------------


@pytest.fixture(scope="module")
def run(asem, minmax_amean) -> gi.Results:
    framework, data = asem
    return minmax_amean.run(framework, data)


def render(ax, tmp_path, name: str) -> None:
    """Writes the figure to PNG (Agg) and checks a non-empty image came out."""
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path, dpi=60)
    assert path.stat().st_size > 1000 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_framework_sunburst_sized_by_effective_weight(run, tmp_path):
    ax = plot.framework(run)
    render(ax, tmp_path, "framework")
    from matplotlib.patches import Wedge

    wedges = {p.get_gid(): p for p in ax.patches if isinstance(p, Wedge)}
    weights = gi.index_weights(run)["EffWeight"]
    assert set(wedges) == set(weights.index)
    for code in ("Conn", "P2P", "Flights"):
        wedge = wedges[code]
        assert wedge.theta2 - wedge.theta1 == pytest.approx(360 * weights[code])
    tree = plot.framework(run.framework, kind="tree", labels="name")
    render(tree, tmp_path, "tree")
    nodes = [c for c in tree.collections if c.get_gid() == "nodes"][0]
    assert len(nodes.get_offsets()) == len(weights)


def test_bar_sorted_stacked_and_grouped(run, tmp_path):
    ax = plot.bar(run, group="EurAsia_group", highlight="Vietnam")
    render(ax, tmp_path, "bar")
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    heights = [p.get_height() for p in bars[0].patches]
    assert heights == sorted(run.scores["Index"], reverse=True)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"Europe", "Asia"}
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_fontweight() == "bold"] == ["VNM"]
    stacked = plot.bar(run, "Conn", stack=True, labels="name")
    render(stacked, tmp_path, "bar_stacked")
    parts = [c for c in stacked.containers if isinstance(c, BarContainer)]
    assert len(parts) == len(run.framework._impl.children("Conn"))
    tops = np.sum([[p.get_height() for p in c.patches] for c in parts], axis=0)
    assert tops == pytest.approx(sorted(run.scores["Conn"], reverse=True))
    assert stacked.get_xticklabels()[0].get_text() in set(run.data_set("Raw").unit_names)


def test_dot_with_highlighted_units(run, tmp_path):
    ax = plot.dot(run, "LPI", highlight=["Vietnam", "DEU"], labels="name", data_set="Raw")
    render(ax, tmp_path, "dot")
    marked = [line for line in ax.get_lines() if line.get_gid() == "highlight"][0]
    raw = run.data_set("Raw").values["LPI"]
    assert sorted(marked.get_xdata()) == sorted([raw["VNM"], raw["DEU"]])
    assert {t.get_text() for t in ax.texts} == {"Vietnam", "Germany"}


def test_distribution_histogram_and_violin(run, tmp_path):
    ax = plot.distribution(run, "Flights", data_set="Raw")
    render(ax, tmp_path, "hist")
    assert sum(p.get_height() for p in ax.patches) == run.data_set("Raw").values["Flights"].notna().sum()
    violins = plot.distribution(run, ["Goods", "Services", "FDI"], kind="violin")
    render(violins, tmp_path, "violin")
    assert [t.get_text() for t in violins.get_xticklabels()] == ["Goods", "Services", "FDI"]


def test_scatter_labels_and_groups(run, tmp_path):
    ax = plot.scatter(run, "Conn", "Sust", group="EurAsia_group", labels="name")
    render(ax, tmp_path, "scatter")
    assert len(ax.collections) == 2 and len(ax.texts) == 51
    assert "Vietnam" in {t.get_text() for t in ax.texts}
    ax = plot.scatter(run, "Conn", "Sust", highlight="Vietnam")
    assert [t.get_text() for t in ax.texts] == ["VNM"]


def test_correlation_heatmap_boxes_the_groups(run, tmp_path):
    ax = plot.correlation_heatmap(run, level=1, group_level=2)
    render(ax, tmp_path, "corr")
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("group:")]
    framework = run.framework._impl
    assert len(boxes) == len(framework.level_codes(2))
    assert sum(b.get_width() for b in boxes) == 49
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[: len(framework.children("Physical"))] == list(framework.children("Physical"))
    expected = gi.correlations(run, rows=ticks)
    assert np.allclose(ax.get_images()[0].get_array().filled(np.nan), expected.to_numpy(), equal_nan=True)
    pillars = plot.correlation_heatmap(run, level=2, method="spearman", annotate=True)
    assert len(pillars.texts) == 64


def test_vietnamese_names_keep_their_diacritics(tmp_path):
    framework = gi.vn.published.papi_total_framework()
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, gi.vn.published.papi_total(2022))
    ax = plot.bar(results, labels="name", highlight="Ben Tre")
    render(ax, tmp_path, "papi")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "Thừa Thiên Huế" in labels
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_fontweight() == "bold"] == ["Bến Tre"]


@pytest.mark.parametrize(
    "call, kind, text",
    [
        (lambda r: plot.framework(r, kind="pie"), ValueError, "kind"),
        (lambda r: plot.framework(r.scores), TypeError, "source"),
        (lambda r: plot.bar(r, "Nope"), KeyError, "Nope"),
        (lambda r: plot.bar(r, "LPI", stack=True), ValueError, "stack"),
        (lambda r: plot.bar(r, group="Continent"), KeyError, "Continent"),
        (lambda r: plot.bar(r, labels="iso"), ValueError, "labels"),
        (lambda r: plot.bar(r.scores), TypeError, "Results"),
        (lambda r: plot.dot(r, "LPI", highlight="Atlantis"), KeyError, "Atlantis"),
        (lambda r: plot.dot(r, 3), TypeError, "node"),
        (lambda r: plot.distribution(r, []), TypeError, "columns"),
        (lambda r: plot.distribution(r, "LPI", kind="box"), ValueError, "kind"),
        (lambda r: plot.distribution(r, "LPI", bins=0), ValueError, "bins"),
        (lambda r: plot.scatter(r, "Conn", "Nope"), KeyError, "y"),
        (lambda r: plot.scatter(r, "Conn", "Sust", year=2020), ValueError, "year"),
        (lambda r: plot.correlation_heatmap(r, level=9), ValueError, "level"),
        (lambda r: plot.correlation_heatmap(r, group_level=0), ValueError, "group_level"),
        (lambda r: plot.correlation_heatmap(r, method="cosine"), gi.MethodError, "method"),
    ],
)
def test_bad_arguments_of_the_run_plots(run, call, kind, text):
    with pytest.raises(kind, match=text) as caught:
        call(run)
    assert "\n" not in str(caught.value)


def test_panel_plots_draw_the_rows_of_one_year(asem, minmax_amean, tmp_path):
    framework, _ = asem
    panel = gi.read_dataset(gi.datasets.path("asem") / "iData_p.csv", framework)
    results = minmax_amean.run(framework, panel)
    ax = plot.bar(results, "Conn", stack=True, year=2020)
    render(ax, tmp_path, "panel_bar")
    parts = [c for c in ax.containers if isinstance(c, BarContainer)]
    tops = np.sum([[p.get_height() for p in c.patches] for c in parts], axis=0)
    expected = results.scores.xs(2020, level="Time")["Conn"].sort_values(ascending=False)
    assert tops == pytest.approx(expected.to_numpy())
    with pytest.raises(ValueError, match="year"):
        plot.dot(results, "LPI")


# --- one check per kind of argument: the plots that take the same argument treat it alike ---------


def test_rank_frequency_heatmap_of_a_frame_checks_labels_and_sort(ua):
    # These were ignored for a DataFrame, and refused by rank_intervals and for an analysis.
    frame = ua.rank_frequencies()
    with pytest.raises(ValueError, match="^labels: expected one of"):
        plot.rank_frequency_heatmap(frame, labels="iso")
    with pytest.raises(ValueError, match="^sort: expected one of"):
        plot.rank_frequency_heatmap(frame, sort="score")
    assert tick_texts(plot.rank_frequency_heatmap(frame, labels="name", sort=None)) == list(frame.index)


def test_every_heat_map_takes_a_colour_map_by_name_or_object_and_names_cmap_when_unknown(ua, sa, run):
    # An unknown name was a KeyError in two heat maps and matplotlib's ValueError in the third; a
    # Colormap was taken by one only.
    draws = [
        lambda cmap: plot.rank_frequency_heatmap(ua, cmap=cmap),
        lambda cmap: plot.sensitivity_heatmap(sa, cmap=cmap),
        lambda cmap: plot.correlation_heatmap(run, level=2, cmap=cmap),
    ]
    for draw in draws:
        with pytest.raises(ValueError, match='^cmap: unknown colour map "nope"') as caught:
            draw("nope")
        assert "\n" not in str(caught.value)
        with pytest.raises(TypeError, match="^cmap: expected a colour map name"):
            draw(3)
        assert draw(matplotlib.colormaps["magma"]).get_images()[0].get_cmap().name.startswith("magma")


def test_waterfall_refuses_a_negative_top(run):
    # top=-1 drew all nodes but the last and "other nodes (N + 1)"; bins below 1 was already refused.
    change = gi.decompose_change(run, run, "AUT")
    with pytest.raises(ValueError, match="^top: expected at least 0, found -1$"):
        plot.waterfall(change, "score", top=-1)
    with pytest.raises(TypeError, match="^top: expected an int"):
        plot.waterfall(change, "score", top=1.5)
    labels = [t.get_text() for t in plot.waterfall(change, "score", top=0).get_xticklabels()]
    assert labels[1].startswith("other nodes (")

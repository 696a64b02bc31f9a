"""govindex.plot on small real analyses (ASEM weights and normalisers, PAPI 2022 data noise), drawn
with matplotlib's Agg backend: what each plot holds (rows, ticks, labels, bars, error bars, colour
bars), unit look-up by code or name with diacritics, and lazy loading of matplotlib."""

from __future__ import annotations

import subprocess
import sys

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

import govindex as gi  # noqa: E402
from govindex import plot  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def engine(asem, minmax_amean) -> gi.UncertaintyEngine:
    framework, data = asem
    inputs = [
        gi.WeightNoise(0.25, levels=[2, 3], name="weights"),
        gi.StepChoice([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Normalise(gi.ZScore(mean=10, sd=2)),
                       gi.Normalise(gi.PercentRank())], name="normalisation"),
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
    return gi.uncertainty_analysis(framework, gi.Pipeline([gi.Aggregate(gi.WeightedSum())]), data, [gi.DataNoise()],
                                   replicates=300, seed=1, progress=False)


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
    returned = plot.rank_intervals(ua, "Conn", highlight=["vietnam", "VNM", "Germany"], labels="name",
                                   sort="median", ax=ax, title="Connectivity")
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

"""Plots of a run, a data set, and uncertainty and sensitivity analyses (matplotlib).

Every function draws on `ax` (a new figure when None) and returns the matplotlib Axes; none calls
``plt.show()``. matplotlib is an
optional dependency (``pip install govindex[plot]``) imported when a function is called, so
``import govindex`` works without it.

- :func:`rank_intervals`: each unit's median rank and 5th-95th percentile interval, with its
  nominal rank, units in nominal order; highlight units by code or name.
- :func:`rank_frequency_heatmap`: the share of replicates giving each unit each rank.
- :func:`sensitivity_bars`: first-order and total Sobol' indices of COINr's scalar output with
  their bootstrap intervals.
- :func:`sensitivity_heatmap`: per-unit Sobol' indices (units x inputs).
- :func:`waterfall`: a unit's change between two runs (:func:`govindex.decompose_change`) as a
  waterfall: its rank from before to after through its own, the others' and the methodology's
  parts, or its score through each node's part and the methodology's.

Of a run (:class:`Results`) or a data set, at parity with COINr's ``plot_*`` (guide:
docs/guide/plots.md):

- :func:`framework`: the framework as a sunburst or a tree, each node sized by its effective weight.
- :func:`bar`: a node's scores by unit, optionally stacked by its children's contributions, coloured
  by a unit group.
- :func:`dot`: one node's values of every unit with highlighted units labelled.
- :func:`distribution`: histograms or violins of one or more indicators.
- :func:`scatter`: two nodes against each other, with labels and group colours.
- :func:`correlation_heatmap`: correlations of a level with boxes around the aggregation groups.

Units are found by code or by name (NFC-normalised, case-insensitive), and then by any name a
domain layer registered (:mod:`govindex.unit_names`: for Vietnamese provinces, any name
:func:`govindex.vn.provinces.province` accepts). Names keep their diacritics in labels. Guide:
docs/guide/uncertainty.md.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import govindex as gi
>>> from govindex import plot
>>> framework, data = gi.datasets.asem()
>>> pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])
>>> engine = gi.UncertaintyEngine(framework, pipeline, data, [gi.WeightNoise(0.25, levels=[2, 3])])
>>> ax = plot.rank_intervals(engine.uncertainty(replicates=500, progress=False), highlight="Vietnam")
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import numpy as np
import pandas as pd

from ._errors import ArgumentTypeError, ArgumentValueError, require_int
from .attribution import ChangeDecomposition
from .uncertainty import SensitivityAnalysis, UncertaintyAnalysis
from .unit_names import resolve_unit

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "bar",
    "correlation_heatmap",
    "distribution",
    "dot",
    "framework",
    "rank_frequency_heatmap",
    "rank_intervals",
    "scatter",
    "sensitivity_bars",
    "sensitivity_heatmap",
    "waterfall",
]

#: Colour of the units drawn normally, of highlighted units, and of the nominal-rank marker.
BASE_COLOUR = "#4c72b0"
HIGHLIGHT_COLOUR = "#c44e52"
NOMINAL_COLOUR = "black"

Labels = Literal["code", "name"]
Sort = Optional[Literal["nominal", "median", "mean"]]
#: Units named by code or name: one, or several.
UnitKeys = Union[str, int, Iterable[Union[str, int]], None]
#: Where unit names come from: a mapping or Series code -> name, a Dataset, or an UncertaintyAnalysis.
UnitNames = Union[Mapping[str, str], pd.Series, UncertaintyAnalysis, Any, None]

_SORTS = ("nominal", "median", "mean", None)
_LABELS = ("code", "name")
_INDEX_KINDS = ("first", "total", "first_low", "first_high", "total_low", "total_high")


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as caught:
        raise ImportError("govindex.plot needs matplotlib: pip install matplotlib") from caught
    return plt


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    """`ax`, or the Axes of a new figure of this size (inches)."""
    if ax is not None:
        return ax
    _, made = _pyplot().subplots(figsize=(width, height), layout="constrained")
    return made


def _height(rows: int) -> float:
    return max(3.0, 0.2 * rows + 1.4)


def _bar_aspect(rows: int) -> float:
    """A colour bar's length / width: thin beside a tall heat map."""
    return 20.0 if rows <= 30 else 40.0


# --- argument checks: one helper per kind of argument, used by every plot below ------------------


def _check_choice(name: str, value: Any, allowed: Sequence[Any]) -> None:
    """ArgumentValueError ``name: expected one of "a", "b", found 'c'`` unless `value` is allowed."""
    if value not in allowed:
        shown = ", ".join("None" if a is None else f'"{a}"' for a in allowed)
        raise ArgumentValueError(f"{name}: expected one of {shown}, found {value!r}")


def _check_labels(labels: Any) -> None:
    """`labels` is "code" or "name"."""
    _check_choice("labels", labels, _LABELS)


def _check_sort(sort: Any) -> None:
    """`sort` is "nominal", "median", "mean" or None."""
    _check_choice("sort", sort, _SORTS)


def _require_instance(name: str, value: Any, kinds: type | tuple[type, ...], expected: str) -> None:
    """ArgumentTypeError ``name: expected <expected>, found <type>`` unless `value` is one of `kinds`:
    the check of the object a plot draws (an analysis, a run, a data set, a framework, a change)."""
    if not isinstance(value, kinds):
        raise ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__}")


def _require_results(source: Any) -> None:
    """`source` is a Results (the plots that need a run's framework or contributions)."""
    from .results import Results

    _require_instance("source", source, Results, "a Results")


def _require_sensitivity(sensitivity: Any) -> None:
    """`sensitivity` is a SensitivityAnalysis or a DataFrame shaped like one of its frames."""
    _require_instance(
        "sensitivity", sensitivity, (SensitivityAnalysis, pd.DataFrame), "a SensitivityAnalysis or a DataFrame"
    )


def _require_bool(name: str, value: Any) -> bool:
    """`value` if it is a bool (a switch such as `stack` or `annotate`), else ArgumentTypeError."""
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"{name}: expected a bool, found {type(value).__name__} {value!r}")
    return value


def _require_at_least(name: str, value: Any, least: int) -> int:
    """`value` as an int (a count: `bins`, `top`) of at least `least`."""
    number = require_int(name, value)
    if number < least:
        raise ArgumentValueError(f"{name}: expected at least {least}, found {number}")
    return number


def _require_level(name: str, value: Any, low: int, high: int) -> int:
    """`value` as an int (a framework level) from `low` to `high`."""
    number = require_int(name, value)
    if not low <= number <= high:
        raise ArgumentValueError(f"{name}: expected a level in {low}..{high}, found {number}")
    return number


def _colour_map(cmap: Any, bad: str | None = None) -> Any:
    """The matplotlib Colormap `cmap` (a registered name or a Colormap), with `bad` (missing
    values) in that colour when given; ArgumentValueError naming `cmap` when matplotlib has no
    such colour map."""
    _pyplot()  # matplotlib, or the ImportError that says how to install it
    import matplotlib
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        colours = cmap
    elif not isinstance(cmap, str):
        raise ArgumentTypeError(f"cmap: expected a colour map name (str), found {type(cmap).__name__} {cmap!r}")
    elif cmap in matplotlib.colormaps:
        colours = matplotlib.colormaps[cmap]
    else:
        raise ArgumentValueError(f'cmap: unknown colour map "{cmap}"; expected a name matplotlib.colormaps holds')
    return colours if bad is None else colours.with_extremes(bad=bad)


def _key(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def _find_units(keys: UnitKeys, codes: Sequence[str], names: Sequence[str] | None, what: str) -> list[int]:
    """Positions of the units named by `keys` (codes or names); KeyError naming an unknown one."""
    if keys is None:
        return []
    if isinstance(keys, (str, int, np.integer)):
        keys = [keys]
    exact = {str(code): i for i, code in enumerate(codes)}
    loose: dict[str, int] = {}
    for i, code in enumerate(codes):
        loose.setdefault(_key(code), i)
    for i, name in enumerate(names or []):
        if isinstance(name, str) and name:
            loose.setdefault(_key(name), i)
    found = []
    for key in keys:
        position = exact.get(str(key), loose.get(_key(key)))
        if position is None:
            position = exact.get(resolve_unit(key) or "")
        if position is None:
            raise KeyError(f'{what}: unknown unit "{key}"; expected a code or name of the analysed units')
        found.append(position)
    return found


def _names_of(names: UnitNames, codes: Sequence[str]) -> list[str]:
    """The names of `codes` from a mapping, Series, Dataset or UncertaintyAnalysis."""
    if isinstance(names, UncertaintyAnalysis):
        mapping: Mapping[str, Any] = names.summary()["name"].to_dict()
    elif hasattr(names, "unit_codes") and hasattr(names, "unit_names"):
        mapping = dict(zip(names.unit_codes, names.unit_names))
    elif isinstance(names, (pd.Series, Mapping)):
        mapping = dict(names.items())
    else:
        raise ArgumentTypeError(
            f"names: expected a mapping of unit code to name, a Series, a Dataset or an "
            f"UncertaintyAnalysis, found {type(names).__name__}"
        )
    missing = [c for c in codes if c not in mapping]
    if missing:
        raise KeyError(f"names: no name for unit {missing[0]!r}")
    return [str(mapping[c]) for c in codes]


def _summary(analysis: UncertaintyAnalysis | pd.DataFrame, node: str | None) -> pd.DataFrame:
    _require_instance(
        "analysis", analysis, (UncertaintyAnalysis, pd.DataFrame), "an UncertaintyAnalysis or its summary() DataFrame"
    )
    if isinstance(analysis, UncertaintyAnalysis):
        return analysis.summary(node)
    needed = ["nominal_rank", "median_rank", "q05_rank", "q95_rank"]
    absent = [c for c in needed if c not in analysis.columns]
    if absent:
        raise ArgumentValueError(
            f"analysis: a DataFrame needs the columns of UncertaintyAnalysis.summary(); missing {', '.join(absent)}"
        )
    return analysis


def _sorted(frame: pd.DataFrame, sort: Sort) -> pd.DataFrame:
    _check_sort(sort)
    if sort is None:
        return frame
    column = f"{sort}_rank"
    if column not in frame.columns:
        raise ArgumentValueError(f'sort: "{sort}" needs a {column} column')
    return frame.sort_values(column, kind="stable", na_position="last")


def _labels(frame: pd.DataFrame, labels: Labels) -> list[str]:
    _check_labels(labels)
    if labels == "code":
        return [str(c) for c in frame.index]
    if "name" not in frame.columns:
        raise ArgumentValueError('labels="name": the frame has no "name" column')
    return [str(code) if pd.isna(name) or name == "" else str(name) for code, name in zip(frame.index, frame["name"])]


def _unit_ticks(ax: Axes, names: list[str], bold: Iterable[int] = ()) -> None:
    """One y tick per unit, first at the top; `bold` rows in the highlight colour."""
    rows = len(names)
    ax.set_yticks(np.arange(rows))
    ax.set_yticklabels(names, fontsize=8 if rows > 30 else 9)
    ax.set_ylim(rows - 0.5, -0.5)
    ticks = ax.get_yticklabels()
    for row in bold:
        ticks[row].set_fontweight("bold")
        ticks[row].set_color(HIGHLIGHT_COLOUR)


def rank_intervals(
    analysis: UncertaintyAnalysis | pd.DataFrame,
    node: str | None = None,
    *,
    highlight: UnitKeys = None,
    labels: Labels = "code",
    sort: Sort = "nominal",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Each unit's rank interval: median rank, 5th-95th percentile whisker and nominal rank.

    Parameters
    ----------
    analysis : UncertaintyAnalysis or pandas.DataFrame
        An uncertainty analysis, or its ``summary()`` frame (indexed by unit code, with columns
        ``nominal_rank``, ``median_rank``, ``q05_rank``, ``q95_rank`` and optionally ``name``).
    node : str, optional
        The tracked node to plot (default: the analysis's first); ignored for a DataFrame.
    highlight : str or list of str, optional
        Units drawn in a contrasting colour with a bold label, each given by code or name (NFC,
        case-insensitive; Vietnamese provinces by any accepted spelling).
    labels : {"code", "name"}
        Label the rows with unit codes or unit names (diacritics kept).
    sort : {"nominal", "median", "mean", None}
        Row order, best rank at the top: by nominal, median or mean rank; None keeps the order of
        the summary (its units' order).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the number of units when None.
    title : str, optional
        The title (default: the node and the number of replicates).

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one y tick per unit, rank on the x axis.

    Raises
    ------
    KeyError
        A highlighted unit that is not among the analysed units (the message names it).
    ValueError
        An unknown `labels` or `sort`, or a DataFrame without the needed columns.
    """
    frame = _sorted(_summary(analysis, node), sort)
    names = _labels(frame, labels)
    codes = [str(c) for c in frame.index]
    marked = _find_units(highlight, codes, list(frame["name"]) if "name" in frame.columns else None, "highlight")
    rows = len(frame)
    ax = _axes(ax, 7.0, _height(rows))
    y = np.arange(rows, dtype=float)
    low, high = frame["q05_rank"].to_numpy(float), frame["q95_rank"].to_numpy(float)
    median, nominal = frame["median_rank"].to_numpy(float), frame["nominal_rank"].to_numpy(float)
    plain = np.ones(rows, dtype=bool)
    plain[marked] = False
    for mask, colour, suffix in ((plain, BASE_COLOUR, ""), (~plain, HIGHLIGHT_COLOUR, "_highlight")):
        if not mask.any():
            continue
        ax.hlines(
            y[mask],
            low[mask],
            high[mask],
            color=colour,
            linewidth=1.6,
            label="5th-95th percentile" if not suffix else "_nolegend_",
            gid="interval" + suffix,
        )
        ax.plot(
            median[mask],
            y[mask],
            linestyle="",
            marker="o",
            markersize=4.5,
            color=colour,
            label="median rank" if not suffix else "_nolegend_",
            gid="median" + suffix,
        )
    ax.plot(
        nominal,
        y,
        linestyle="",
        marker="|",
        markersize=9,
        markeredgewidth=1.5,
        color=NOMINAL_COLOUR,
        label="nominal rank",
        gid="nominal",
    )
    for row in marked:
        ax.axhspan(row - 0.5, row + 0.5, color=HIGHLIGHT_COLOUR, alpha=0.12, linewidth=0)
    _unit_ticks(ax, names, marked)
    top = np.nanmax(np.concatenate([high, nominal, [float(rows)]]))
    ax.set_xlim(0, top + 1)
    ax.set_xlabel("rank (1 = best)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    if title is None:
        if isinstance(analysis, UncertaintyAnalysis):
            title = f"{node or analysis.nodes[0]}: rank intervals over {analysis.replicates:,} replicates"
        else:
            title = "Rank intervals"
    ax.set_title(title)
    return ax


def rank_frequency_heatmap(
    analysis: UncertaintyAnalysis | pd.DataFrame,
    node: str | None = None,
    *,
    labels: Labels = "code",
    sort: Sort = "nominal",
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "Blues",
) -> Axes:
    """The share of replicates in which each unit (rows) had each rank (columns), with a colour bar.

    Parameters
    ----------
    analysis : UncertaintyAnalysis or pandas.DataFrame
        An uncertainty analysis, or its ``rank_frequencies()`` frame (drawn in its row order, with
        codes as labels; `sort` and `labels` apply to an analysis only).
    node : str, optional
        The tracked node (default: the analysis's first).
    labels : {"code", "name"}
        Label the rows with unit codes or names (diacritics kept).
    sort : {"nominal", "median", "mean", None}
        Row order (best at the top); None keeps the units' order.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        The title (default: the node and the number of replicates).
    cmap : str
        A matplotlib colour map.

    Returns
    -------
    matplotlib.axes.Axes
        The heat map's axes (the colour bar has its own axes in the same figure). The "missing"
        share (replicates without a rank) is not drawn.
    """
    _require_instance(
        "analysis",
        analysis,
        (UncertaintyAnalysis, pd.DataFrame),
        "an UncertaintyAnalysis or its rank_frequencies() DataFrame",
    )
    _check_sort(sort)
    _check_labels(labels)
    colours = _colour_map(cmap)
    if isinstance(analysis, UncertaintyAnalysis):
        frame = _sorted(analysis.summary(node), sort)
        names = _labels(frame, labels)
        shares = analysis.rank_frequencies(node).loc[frame.index]
    else:
        shares = analysis
        names = [str(c) for c in shares.index]
    matrix = shares.drop(columns=["missing"], errors="ignore").to_numpy(float)
    rows, ranks = matrix.shape
    ax = _axes(ax, max(6.0, 0.1 * ranks + 3.0), _height(rows))
    image = ax.imshow(
        matrix,
        aspect="auto",
        interpolation="nearest",
        cmap=colours,
        vmin=0.0,
        vmax=1.0,
        extent=(0.5, ranks + 0.5, rows - 0.5, -0.5),
    )
    _unit_ticks(ax, names)
    ax.set_xlabel("rank (1 = best)")
    ax.figure.colorbar(image, ax=ax, label="share of replicates", aspect=_bar_aspect(rows))
    if title is None:
        title = (
            f"{node or analysis.nodes[0]}: rank frequencies over {analysis.replicates:,} replicates"
            if isinstance(analysis, UncertaintyAnalysis)
            else "Rank frequencies"
        )
    ax.set_title(title)
    return ax


def sensitivity_bars(
    sensitivity: SensitivityAnalysis | pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """First-order and total Sobol' indices per input, as grouped bars with bootstrap intervals.

    Parameters
    ----------
    sensitivity : SensitivityAnalysis or pandas.DataFrame
        A sensitivity analysis (its ``indices``: COINr's scalar output, the mean absolute rank
        shift), or a frame shaped like it: one row per input, columns ``first`` and ``total`` and
        optionally ``first_low``, ``first_high``, ``total_low``, ``total_high`` (error bars).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        The title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: two bar containers (first-order, total), each with its error bars, one x tick
        per input.
    """
    _require_sensitivity(sensitivity)
    if isinstance(sensitivity, SensitivityAnalysis):
        frame = sensitivity.indices
        if title is None:
            title = f"Sobol' indices of the mean rank shift ({sensitivity.runs:,} runs)"
    else:
        frame = sensitivity
        absent = [c for c in ("first", "total") if c not in frame.columns]
        if absent:
            raise ArgumentValueError(f"sensitivity: the DataFrame has no {' or '.join(absent)} column")
    inputs = [str(i) for i in frame.index]
    x = np.arange(len(inputs), dtype=float)
    width = 0.38
    ax = _axes(ax, max(6.0, 1.3 * len(inputs) + 2.5), 3.8)
    for offset, (column, colour, label) in zip(
        (-0.5, 0.5), (("first", BASE_COLOUR, "first-order $S_i$"), ("total", "#dd8452", "total $S_{Ti}$"))
    ):
        values = frame[column].to_numpy(float)
        error = None
        if f"{column}_low" in frame.columns and f"{column}_high" in frame.columns:
            # A percentile-bootstrap interval need not contain the estimate: clip to a zero-length bar.
            error = np.vstack(
                [
                    np.clip(values - frame[f"{column}_low"].to_numpy(float), 0, None),
                    np.clip(frame[f"{column}_high"].to_numpy(float) - values, 0, None),
                ]
            )
        ax.bar(
            x + offset * width,
            values,
            width,
            yerr=error,
            capsize=3,
            color=colour,
            label=label,
            error_kw={"elinewidth": 1.0, "ecolor": "#333333"},
        )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(inputs)
    ax.set_ylabel("Sobol' index")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title if title is not None else "Sobol' indices")
    return ax


def sensitivity_heatmap(
    sensitivity: SensitivityAnalysis | pd.DataFrame,
    node: str | None = None,
    *,
    output: Literal["rank", "score"] = "rank",
    index: str = "total",
    labels: Labels = "code",
    names: UnitNames = None,
    units: UnitKeys = None,
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "viridis",
) -> Axes:
    """Per-unit Sobol' indices: units (rows) x inputs (columns), with a colour bar.

    Parameters
    ----------
    sensitivity : SensitivityAnalysis or pandas.DataFrame
        A sensitivity analysis, or a ``unit_indices()`` frame (units x inputs).
    node : str, optional
        The tracked node (default: the first); ignored for a DataFrame.
    output : {"rank", "score"}
        The indices of each unit's rank or score.
    index : str
        "total", "first" or an interval bound ("total_low", "first_high" ...).
    labels : {"code", "name"}
        Label the rows with unit codes or names; names come from `names` (a sensitivity analysis
        holds only codes).
    names : mapping, pandas.Series, Dataset or UncertaintyAnalysis, optional
        Unit names by code, for ``labels="name"``.
    units : str or list of str, optional
        The rows to show, in this order, by code or name (default: every unit in the order of
        ``unit_indices``, the data set's order). E.g. ``ua.summary().sort_values("nominal_rank").index``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        The title.
    cmap : str
        A matplotlib colour map; missing indices are grey. The scale is 0 to 1 (estimates outside
        it, from sampling error, get the end colours; the colour bar shows the extension).

    Returns
    -------
    matplotlib.axes.Axes
        The heat map's axes (the colour bar has its own axes in the same figure).
    """
    _check_choice("output", output, ("rank", "score"))
    _check_choice("index", index, _INDEX_KINDS)
    _check_labels(labels)
    _require_sensitivity(sensitivity)
    colours = _colour_map(cmap, bad="#d9d9d9")
    if isinstance(sensitivity, SensitivityAnalysis):
        frame = sensitivity.unit_indices(node, output=output, index=index)
        if node is None:
            node = sensitivity._impl.output_names[1].split(":", 1)[0]
    else:
        frame = sensitivity
    codes = [str(c) for c in frame.index]
    if units is not None:
        known = _names_of(names, codes) if names is not None else None
        frame = frame.iloc[_find_units(units, codes, known, "units")]
        codes = [str(c) for c in frame.index]
    if labels == "name":
        if names is None:
            raise ArgumentValueError(
                'labels="name": give the unit names with names= (a Dataset, an UncertaintyAnalysis '
                "or a mapping of code to name)"
            )
        row_labels = _names_of(names, codes)
    else:
        row_labels = codes
    matrix = frame.to_numpy(float)
    rows, columns = matrix.shape
    ax = _axes(ax, max(4.0, 1.0 * columns + 3.2), _height(rows))
    image = ax.imshow(matrix, aspect="auto", interpolation="nearest", cmap=colours, vmin=0.0, vmax=1.0)
    _unit_ticks(ax, row_labels)
    ax.set_xticks(np.arange(columns))
    ax.set_xticklabels([str(c) for c in frame.columns])
    finite = matrix[np.isfinite(matrix)]
    below, above = bool((finite < 0).any()), bool((finite > 1).any())
    extend = {(False, False): "neither", (True, False): "min", (False, True): "max", (True, True): "both"}[
        (below, above)
    ]
    kind = {"first": "first-order", "total": "total"}.get(index, index)
    ax.figure.colorbar(
        image, ax=ax, extend=extend, label=f"{kind} index of the unit's {output}", aspect=_bar_aspect(rows)
    )
    if title is None:
        title = f"{node}: {kind} Sobol' indices of each unit's {output}" if node else f"{kind} Sobol' indices"
    ax.set_title(title)
    return ax


def waterfall(
    change: ChangeDecomposition,
    what: Literal["rank", "score"] = "rank",
    *,
    top: int = 8,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A unit's change between two runs as a waterfall, from the value before to the value after.

    Parameters
    ----------
    change : ChangeDecomposition
        What :func:`govindex.decompose_change` returned.
    what : "rank" or "score"
        "rank": bars for the own part, the others' part and the methodology part (when there is
        one) of the rank change. "score": one bar per node of :attr:`ChangeDecomposition.parts`
        (the `top` largest by size, the rest together as "other nodes"), then the methodology part
        of the score (when there is one).
    top : int
        Nodes drawn on their own with ``what="score"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        The title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: the before and after totals and one floating bar per part (a BarContainer of
        parts + 2 bars), one x tick each.
    """
    _require_instance("change", change, ChangeDecomposition, "a govindex.ChangeDecomposition")
    _check_choice("what", what, ("rank", "score"))
    top = _require_at_least("top", top, 0)
    if what == "rank":
        start, end = change.rank_before, change.rank_after
        steps = [("own", change.own_part), ("others", change.others_part)]
        if change.methodology_part != 0:
            steps.append(("methodology", change.methodology_part))
    else:
        start, end = change.score_before, change.score_after
        parts = change.parts["change"].astype(float)
        order = parts.abs().sort_values(ascending=False).index
        steps = [(str(n), float(parts[n])) for n in order[:top]]
        if len(order) > top:
            steps.append((f"other nodes ({len(order) - top})", float(parts[order[top:]].sum())))
        if change.score_methodology_part != 0:
            steps.append(("methodology", change.score_methodology_part))
    labels = ["before"] + [name for name, _ in steps] + ["after"]
    bottoms, heights, colours = [0.0], [start], ["#8c8c8c"]
    level = start
    for _, value in steps:
        bottoms.append(level)
        heights.append(value)
        # Ranks: a fall in rank number is a move up (good), drawn in green.
        good = value < 0 if what == "rank" else value > 0
        colours.append("#55a868" if good else HIGHLIGHT_COLOUR if value != 0 else "#8c8c8c")
        level += value
    bottoms.append(0.0)
    heights.append(end)
    colours.append("#8c8c8c")
    ax = _axes(ax, max(6.0, 0.7 * len(labels) + 2.0), 3.8)
    x = np.arange(len(labels), dtype=float)
    ax.bar(x, heights, 0.6, bottom=bottoms, color=colours, edgecolor="#333333", linewidth=0.6)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.grid(axis="y", alpha=0.3)
    if what == "rank":
        ax.invert_yaxis()  # rank 1 at the top
        ax.set_ylabel("rank")
    else:
        ax.set_ylabel(f"score of {change.node}")
    ax.set_title(title if title is not None else f"{change.unit}: {what} {start:.4g} -> {end:.4g}")
    return ax


# --- plots of a run or a data set (COINr plot_framework, plot_bar, plot_dot, plot_dist,
# plot_scatter, plot_corr) ------------------------------------------------------------------------

#: Colours of unit groups and of a framework's branches (matplotlib's tab10, in order).
GROUP_COLOURS = (
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
)


class _Units:
    """The values of one year of a data set with its units' codes, names and group columns."""

    def __init__(self, source: Any, data_set: str | None, year: int | None, function: str) -> None:
        from .dataset import Dataset
        from .results import Results

        _require_instance(function, source, (Results, Dataset), "a Results or a Dataset")
        if isinstance(source, Results):
            if data_set is not None and not isinstance(data_set, str):
                raise ArgumentTypeError(f"data_set: expected a str, found {type(data_set).__name__} {data_set!r}")
            impl = source._impl.scores() if data_set is None else source._impl.data_set(data_set)
            self.framework = source._impl.framework
        else:
            if data_set is not None:
                raise ArgumentTypeError(f"{function}: data_set names a data set of a Results; found a Dataset")
            impl = source._impl
            self.framework = None
        #: Positions of the drawn rows in the whole data set (a panel's rows of `year`).
        self.rows = list(range(len(impl.unit_codes)))
        if impl.is_panel():
            if year is None:
                raise ArgumentValueError(
                    f"year: the data is a panel (years {', '.join(map(str, impl.years()))}); give year="
                )
            year = require_int("year", year)
            self.rows = [i for i, t in enumerate(impl.times) if t == year]
            impl = impl.select_time(year)
        elif year is not None:
            raise ArgumentValueError(f"year: the data is not a panel; found year={year!r}")
        self.codes = [str(c) for c in impl.unit_codes]
        self.names = [str(n) for n in impl.unit_names]
        self.groups = {name: list(values) for name, values in impl.groups}
        self.values = pd.DataFrame(impl.values, index=self.codes, columns=list(impl.columns))

    def column(self, name: str, code: Any) -> np.ndarray:
        if not isinstance(code, str):
            raise ArgumentTypeError(f"{name}: expected a node code (str), found {type(code).__name__} {code!r}")
        if code not in self.values.columns:
            raise KeyError(f'{name}: no column "{code}" in the data; expected an indicator or aggregate code')
        return self.values[code].to_numpy(float)

    def labels(self, labels: Labels) -> list[str]:
        _check_labels(labels)
        if labels == "code":
            return list(self.codes)
        return [name or code for code, name in zip(self.codes, self.names)]

    def group(self, group: str | None) -> list[str] | None:
        if group is None:
            return None
        if not isinstance(group, str):
            raise ArgumentTypeError(
                f"group: expected a unit group column (str), found {type(group).__name__} {group!r}"
            )
        if group not in self.groups:
            known = ", ".join(self.groups) or "none"
            raise KeyError(f'group: no unit group column "{group}"; expected one of: {known}')
        return self.groups[group]

    def find(self, keys: UnitKeys, what: str) -> list[int]:
        return _find_units(keys, self.codes, self.names, what)


def _group_colours(values: Sequence[str]) -> dict[str, str]:
    """A colour per group value, in order of first appearance (missing values grey)."""
    colours: dict[str, str] = {}
    for v in values:
        if v and v not in colours:
            colours[v] = GROUP_COLOURS[len(colours) % len(GROUP_COLOURS)]
    colours[""] = "#bbbbbb"
    return colours


def _unit_x_ticks(ax: Axes, labels: list[str], bold: Iterable[int] = ()) -> None:
    x = np.arange(len(labels))
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=90, fontsize=7 if len(labels) > 30 else 8)
    ticks = ax.get_xticklabels()
    for i in bold:
        ticks[i].set_fontweight("bold")
        ticks[i].set_color(HIGHLIGHT_COLOUR)
    ax.set_xlim(-0.6, len(labels) - 0.4)


def framework(
    source: Any,
    *,
    kind: Literal["sunburst", "tree"] = "sunburst",
    labels: Labels = "code",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The framework drawn with each node sized by its effective weight (share of the index).

    Parameters
    ----------
    source : Results or Framework
        A run (the weights its aggregate step used) or a framework (its own weights); the shares
        are :func:`govindex.index_weights`.
    kind : {"sunburst", "tree"}
        "sunburst": rings from the index (centre) out to the indicators, each node a wedge whose
        angle is its share of the index, branches coloured by the index's children. "tree": nodes
        at their level (x) with lines to their parents, marker area proportional to the share.
    labels : {"code", "name"}
        Label nodes by code or by name.
    ax : matplotlib.axes.Axes, optional
        Where to draw (any Axes; drawn with equal aspect for a sunburst); a new figure when None.
    title : str, optional
        The title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one Wedge patch per tree node (sunburst; gid = node code) or one marker per node
        (tree, in a line with gid "nodes").
    """
    from .analysis import index_weights
    from .framework import Framework
    from .results import Results

    _check_choice("kind", kind, ("sunburst", "tree"))
    _check_labels(labels)
    _require_instance("source", source, (Results, Framework), "a Results or a Framework")
    fw = source._impl.framework if isinstance(source, Results) else source._impl
    shares = index_weights(source)["EffWeight"]
    top = fw.max_level
    root = fw.root
    branch_colour = {c: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, c in enumerate(fw.children(root))}

    def colour(code: str) -> str:
        node = code
        while node != root and fw.node(node).parent != root:
            node = fw.node(node).parent
        return branch_colour.get(node, "#bbbbbb")

    def text(code: str) -> str:
        return fw.node(code).name or code if labels == "name" else code

    if kind == "sunburst":
        from matplotlib.patches import Wedge

        ax = _axes(ax, 7.0, 7.0)
        width = 1.0
        start: dict[str, float] = {root: 90.0}

        def draw(code: str, angle0: float) -> None:
            level = fw.node(code).level
            ring = top - level  # 0 = the index at the centre
            span = 360.0 * float(shares[code])
            inner = 0.0 if ring == 0 else ring * width
            wedge = Wedge(
                (0, 0),
                (ring + 1) * width,
                angle0,
                angle0 + span,
                width=(ring + 1) * width - inner,
                facecolor="white" if ring == 0 else colour(code),
                edgecolor="white",
                linewidth=0.8,
                alpha=1.0 if ring == 0 else max(0.35, 1.0 - 0.2 * (ring - 1)),
                gid=code,
            )
            ax.add_patch(wedge)
            middle = np.deg2rad(angle0 + span / 2)
            radius = 0.0 if ring == 0 else inner + width / 2
            if ring == 0 or span >= (4.0 if level == 1 else 8.0):
                rotation = 0.0 if ring == 0 else (np.rad2deg(middle) + 180) % 180 - 90 if level == 1 else 0.0
                ax.text(
                    radius * np.cos(middle),
                    radius * np.sin(middle),
                    text(code),
                    ha="center",
                    va="center",
                    fontsize=6 if level == 1 else 8,
                    rotation=rotation if level == 1 else 0,
                )
            position = angle0
            for child in fw.children(code):
                draw(child, position)
                position += 360.0 * float(shares[child])

        draw(root, start[root])
        extent = top * width + 0.1
        ax.set_xlim(-extent, extent)
        ax.set_ylim(-extent, extent)
        ax.set_aspect("equal")
        ax.axis("off")
    else:
        ax = _axes(ax, 8.0, _height(len(fw.indicators)))
        y: dict[str, float] = {}
        for i, code in enumerate(fw.indicators):
            y[code] = float(i)
        for level in range(2, top + 1):
            for code in fw.level_codes(level):
                y[code] = float(np.mean([y[c] for c in fw.children(code)]))
        codes = list(fw.tree_codes)
        for code in codes:
            parent = fw.node(code).parent
            if parent:
                ax.plot(
                    [fw.node(code).level, fw.node(parent).level],
                    [y[code], y[parent]],
                    color="#999999",
                    linewidth=0.8,
                    zorder=1,
                )
        x = [fw.node(c).level for c in codes]
        sizes = [max(8.0, 900.0 * float(shares[c])) for c in codes]
        ax.scatter(
            x,
            [y[c] for c in codes],
            s=sizes,
            c=[colour(c) if c != root else "#333333" for c in codes],
            zorder=2,
            gid="nodes",
        )
        for code in codes:
            level = fw.node(code).level
            ax.text(
                level + (0.08 if level == 1 else 0.0),
                y[code] + (0 if level == 1 else 0.45),
                text(code),
                ha="left" if level == 1 else "center",
                va="center",
                fontsize=7 if level == 1 else 8,
            )
        ax.set_xlim(top + 0.5, 0.5)  # the index on the left
        ax.set_ylim(len(fw.indicators) - 0.5, -1.0)
        ax.set_xticks(range(1, top + 1))
        ax.set_xlabel("level")
        ax.set_yticks([])
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    ax.set_title(title if title is not None else f"{root}: framework sized by effective weight")
    return ax


def bar(
    source: Any,
    node: str | None = None,
    *,
    stack: bool = False,
    group: str | None = None,
    labels: Labels = "code",
    highlight: UnitKeys = None,
    year: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One node's scores by unit as bars, best first (COINr ``plot_bar``).

    Parameters
    ----------
    source : Results
        A run (its scores).
    node : str, optional
        An aggregate or indicator code (default: the index).
    stack : bool
        Split each bar into the weighted contributions of the node's children
        (:meth:`Results.contributions`; the node must be an aggregate made by a method with an
        additive split), one colour per child with a legend.
    group : str, optional
        A unit group column: bars coloured by group with a legend (with `stack`, the tick labels are
        coloured instead).
    labels : {"code", "name"}
        Label the bars with unit codes or names (diacritics kept).
    highlight : str or list of str, optional
        Units whose labels are drawn bold in the highlight colour, by code or name.
    year : int, optional
        The year, for panel data.
    ax, title
        Where to draw (a new figure when None) and the title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one BarContainer (or one per child when stacked), one x tick per unit with a score.
    """
    _require_results(source)
    _require_bool("stack", stack)
    units = _Units(source, None, year, "bar")
    node = source._impl.framework.root if node is None else node
    values = units.column("node", node)
    groups = units.group(group)
    names = units.labels(labels)
    marked = set(units.find(highlight, "highlight"))
    order = [i for i in np.argsort(-values, kind="stable") if np.isfinite(values[i])]
    ax = _axes(ax, max(7.0, 0.18 * len(order) + 2.0), 4.2)
    x = np.arange(len(order), dtype=float)
    colours = _group_colours(groups) if groups is not None else {}
    if stack:
        fw = source._impl.framework
        if fw.node(node).type != _node_type_aggregate():
            raise ArgumentValueError(f'stack: "{node}" is an indicator; stacking needs an aggregate')
        parts = np.asarray(source._impl.contribution_matrix(node), dtype=float)[units.rows]
        bottom = np.zeros(len(order))
        for j, child in enumerate(fw.children(node)):
            height = np.nan_to_num(parts[order, j])
            ax.bar(x, height, 0.8, bottom=bottom, color=GROUP_COLOURS[j % len(GROUP_COLOURS)], label=child)
            bottom += height
        ax.legend(fontsize=8, title="contribution of", title_fontsize=8, loc="upper right")
    else:
        face = [colours[groups[i]] if groups is not None else BASE_COLOUR for i in order]
        ax.bar(x, values[order], 0.8, color=face)
        if groups is not None:
            from matplotlib.patches import Patch

            ax.legend(
                handles=[Patch(color=c, label=g) for g, c in colours.items() if g and g in groups],
                fontsize=8,
                title=group,
                title_fontsize=8,
                loc="upper right",
            )
    _unit_x_ticks(ax, [names[i] for i in order], [k for k, i in enumerate(order) if i in marked])
    if stack and groups is not None:
        for tick, i in zip(ax.get_xticklabels(), order):
            if i not in marked:
                tick.set_color(colours[groups[i]])
    ax.set_ylabel(f"score of {node}")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title if title is not None else f"{node} by unit" + (", by contribution" if stack else ""))
    return ax


def _node_type_aggregate() -> Any:
    from . import _core

    return _core.NodeType.aggregate


def dot(
    source: Any,
    node: str,
    *,
    highlight: UnitKeys = None,
    labels: Labels = "code",
    data_set: str | None = None,
    year: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """One node's values of every unit as dots on a line, highlighted units marked and labelled
    (COINr ``plot_dot``).

    Parameters
    ----------
    source : Results or Dataset
        A run (`data_set`, default its scores) or a data set.
    node : str
        An indicator or aggregate code.
    highlight : str or list of str, optional
        Units drawn in the highlight colour with their label, by code or name (NFC,
        case-insensitive; Vietnamese provinces by any accepted spelling).
    labels : {"code", "name"}
        Label highlighted units by code or by name (diacritics kept).
    year : int, optional
        The year, for panel data.
    ax, title
        Where to draw (a new figure when None) and the title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: the units' dots (a line with gid "units") and the highlighted ones (gid
        "highlight"), one text annotation per highlighted unit.
    """
    units = _Units(source, data_set, year, "dot")
    values = units.column("node", node)
    names = units.labels(labels)
    marked = units.find(highlight, "highlight")
    ax = _axes(ax, 7.0, 2.2)
    jitter = ((np.arange(len(values)) % 5) - 2) * 0.04  # a fixed spread, so equal values stay visible
    ax.plot(values, jitter, linestyle="", marker="o", markersize=6, alpha=0.55, color=BASE_COLOUR, gid="units")
    if marked:
        ax.plot(
            values[marked],
            jitter[marked],
            linestyle="",
            marker="o",
            markersize=8,
            color=HIGHLIGHT_COLOUR,
            gid="highlight",
        )
        for k, i in enumerate(marked):
            ax.annotate(
                names[i],
                (values[i], jitter[i]),
                xytext=(0, 12 + 10 * (k % 2)),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color=HIGHLIGHT_COLOUR,
                arrowprops={"arrowstyle": "-", "color": "#999999"},
            )
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.set_xlabel(node)
    ax.grid(axis="x", alpha=0.3)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title if title is not None else f"{node}: every unit")
    return ax


def distribution(
    source: Any,
    columns: str | Sequence[str],
    *,
    kind: Literal["histogram", "violin"] = "histogram",
    bins: int = 20,
    data_set: str | None = None,
    year: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The distribution of one or more indicators or aggregates (COINr ``plot_dist``).

    Parameters
    ----------
    source : Results or Dataset
        A run (`data_set`, default its scores) or a data set.
    columns : str or list of str
        Indicator or aggregate codes; missing values are left out.
    kind : {"histogram", "violin"}
        Overlaid histograms (one per column, semi-transparent, with a legend) or one violin per column.
    bins : int
        Histogram bins.
    year : int, optional
        The year, for panel data.
    ax, title
        Where to draw (a new figure when None) and the title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one histogram patch set per column, or one violin body per column.
    """
    _check_choice("kind", kind, ("histogram", "violin"))
    bins = _require_at_least("bins", bins, 1)
    codes = [columns] if isinstance(columns, str) else columns
    if not isinstance(codes, Sequence) or not codes or not all(isinstance(c, str) for c in codes):
        raise ArgumentTypeError(
            f"columns: expected a code or a non-empty list of codes (str), found {type(columns).__name__} {columns!r}"
        )
    units = _Units(source, data_set, year, "distribution")
    series = [(c, units.column("columns", c)) for c in codes]
    series = [(c, v[np.isfinite(v)]) for c, v in series]
    empty = [c for c, v in series if len(v) == 0]
    if empty:
        raise ArgumentValueError(f'columns: "{empty[0]}" has no values to draw')
    if kind == "histogram":
        ax = _axes(ax, 6.5, 3.8)
        for k, (code, v) in enumerate(series):
            ax.hist(
                v,
                bins=bins,
                alpha=0.6 if len(series) > 1 else 0.9,
                color=GROUP_COLOURS[k % len(GROUP_COLOURS)],
                label=code,
                edgecolor="white",
                linewidth=0.5,
            )
        ax.set_ylabel("units")
        ax.set_xlabel("value" if len(series) > 1 else codes[0])
        if len(series) > 1:
            ax.legend(fontsize=8)
    else:
        ax = _axes(ax, max(4.0, 1.1 * len(series) + 2.0), 4.0)
        parts = ax.violinplot([v for _, v in series], showmedians=True)
        for k, body in enumerate(parts["bodies"]):
            body.set_facecolor(GROUP_COLOURS[k % len(GROUP_COLOURS)])
            body.set_alpha(0.6)
        ax.set_xticks(np.arange(1, len(series) + 1))
        ax.set_xticklabels([c for c, _ in series])
        ax.set_ylabel("value")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title if title is not None else "Distribution of " + ", ".join(codes))
    return ax


def scatter(
    source: Any,
    x: str,
    y: str,
    *,
    labels: Labels | None = None,
    group: str | None = None,
    highlight: UnitKeys = None,
    data_set: str | None = None,
    year: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Two nodes or indicators against each other, one point per unit (COINr ``plot_scatter``).

    Parameters
    ----------
    source : Results or Dataset
        A run (`data_set`, default its scores) or a data set.
    x, y : str
        Indicator or aggregate codes.
    labels : {"code", "name"}, optional
        Label every point by unit code or name (diacritics kept); None labels only highlighted units.
    group : str, optional
        A unit group column: points coloured by group with a legend.
    highlight : str or list of str, optional
        Units drawn larger in the highlight colour and labelled, by code or name.
    year : int, optional
        The year, for panel data.
    ax, title
        Where to draw (a new figure when None) and the title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one PathCollection per group (or one), highlighted units in another, labels as texts.
    """
    if labels is not None:
        _check_labels(labels)
    units = _Units(source, data_set, year, "scatter")
    vx, vy = units.column("x", x), units.column("y", y)
    groups = units.group(group)
    names = units.labels(labels or "code")
    marked = units.find(highlight, "highlight")
    ax = _axes(ax, 6.0, 5.0)
    if groups is None:
        ax.scatter(vx, vy, s=24, color=BASE_COLOUR, alpha=0.75)
    else:
        colours = _group_colours(groups)
        for g, colour in colours.items():
            rows = [i for i, v in enumerate(groups) if v == g]
            if rows:
                ax.scatter(vx[rows], vy[rows], s=24, color=colour, alpha=0.8, label=g or "(none)")
        ax.legend(fontsize=8, title=group, title_fontsize=8)
    if marked:
        ax.scatter(vx[marked], vy[marked], s=60, facecolor="none", edgecolor=HIGHLIGHT_COLOUR, linewidth=1.5)
    shown = range(len(names)) if labels is not None else marked
    for i in shown:
        if np.isfinite(vx[i]) and np.isfinite(vy[i]):
            ax.annotate(
                names[i],
                (vx[i], vy[i]),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=7,
                color=HIGHLIGHT_COLOUR if i in marked else "#333333",
            )
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.grid(alpha=0.3)
    ax.set_title(title if title is not None else f"{y} against {x}")
    return ax


def correlation_heatmap(
    source: Any,
    *,
    level: int = 1,
    group_level: int | None = None,
    method: str = "pearson",
    data_set: str | None = None,
    annotate: bool = False,
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "RdBu_r",
) -> Axes:
    """Correlations of the nodes of a level with boxes around their aggregation groups (COINr
    ``plot_corr``).

    Parameters
    ----------
    source : Results
        A run (`data_set`, default its scores).
    level : int
        The nodes correlated (1 = the indicators).
    group_level : int, optional
        The level whose groups are boxed (default ``level + 1``; no boxes at the top level). Nodes
        are ordered group by group.
    method : {"pearson", "spearman", "kendall"}
        As :func:`govindex.correlations` (pairwise complete units).
    annotate : bool
        Write each coefficient in its cell.
    ax, title, cmap
        Where to draw (a new figure when None), the title and a diverging colour map (-1 to 1;
        undefined correlations grey).

    Returns
    -------
    matplotlib.axes.Axes
        The heat map's axes (a colour bar in its own axes): one image, one Rectangle patch per group
        with gid "group:<code>".
    """
    from . import _core
    from .analysis import correlations

    _require_results(source)
    _require_bool("annotate", annotate)
    colours = _colour_map(cmap, bad="#d9d9d9")
    fw = source._impl.framework
    level = _require_level("level", level, 1, fw.max_level)
    group_level = (
        min(level + 1, fw.max_level)
        if group_level is None
        else _require_level("group_level", group_level, level, fw.max_level)
    )
    blocks = (
        [(g, list(_core.members(fw, g, level))) for g in fw.level_codes(group_level)] if group_level > level else []
    )
    codes = [c for _, members in blocks for c in members] if blocks else list(fw.level_codes(level))
    matrix = correlations(source, rows=codes, method=method, data_set=data_set).to_numpy(float)
    n = len(codes)
    ax = _axes(ax, max(5.0, 0.16 * n + 3.0), max(4.5, 0.16 * n + 2.0))
    from matplotlib.patches import Rectangle

    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=colours, vmin=-1.0, vmax=1.0, interpolation="nearest")
    size = 6 if n > 30 else 8
    ax.set_xticks(np.arange(n))
    ax.set_xticklabels(codes, rotation=90, fontsize=size)
    ax.set_yticks(np.arange(n))
    ax.set_yticklabels(codes, fontsize=size)
    start = 0
    for g, members in blocks if group_level > level else []:
        ax.add_patch(
            Rectangle(
                (start - 0.5, start - 0.5),
                len(members),
                len(members),
                fill=False,
                edgecolor="black",
                linewidth=1.5,
                gid=f"group:{g}",
            )
        )
        start += len(members)
    if annotate:
        for i in range(n):
            for j in range(n):
                if np.isfinite(matrix[i, j]):
                    ax.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=6)
    ax.figure.colorbar(image, ax=ax, label=f"{method} correlation", aspect=_bar_aspect(n))
    ax.set_title(
        title
        if title is not None
        else f"Correlations of level {level}" + (f", grouped by level {group_level}" if group_level > level else "")
    )
    return ax

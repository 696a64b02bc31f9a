"""Plots of uncertainty and sensitivity analyses (matplotlib).

Every function takes the result of :meth:`UncertaintyEngine.uncertainty` or
:meth:`UncertaintyEngine.sensitivity` (or the DataFrame its methods return), draws on `ax` (a new
figure when None) and returns the matplotlib Axes; none calls ``plt.show()``. matplotlib is an
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

Units are found by code or by name (NFC-normalised, case-insensitive), and, for Vietnamese
provinces, by any name :func:`govindex.vn.provinces.province` accepts. Names keep their
diacritics in labels. Guide: docs/guide/uncertainty.md.

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

from .attribution import ChangeDecomposition
from .uncertainty import SensitivityAnalysis, UncertaintyAnalysis

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = ["rank_frequency_heatmap", "rank_intervals", "sensitivity_bars", "sensitivity_heatmap", "waterfall"]

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


def _check_choice(name: str, value: Any, allowed: Sequence[Any]) -> None:
    if value not in allowed:
        shown = ", ".join("None" if a is None else f'"{a}"' for a in allowed)
        raise ValueError(f"{name}: expected one of {shown}, found {value!r}")


def _key(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def _province_code(key: Any) -> str | None:
    """The code of a Vietnamese province named `key` (any accepted spelling), or None."""
    try:
        from .vn.provinces import province

        return province(key).code
    except (KeyError, TypeError, ValueError):
        return None


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
            position = exact.get(_province_code(key) or "")
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
        raise TypeError(f"names: expected a mapping of unit code to name, a Series, a Dataset or an "
                        f"UncertaintyAnalysis, found {type(names).__name__}")
    missing = [c for c in codes if c not in mapping]
    if missing:
        raise KeyError(f"names: no name for unit {missing[0]!r}")
    return [str(mapping[c]) for c in codes]


def _summary(analysis: UncertaintyAnalysis | pd.DataFrame, node: str | None) -> pd.DataFrame:
    if isinstance(analysis, UncertaintyAnalysis):
        return analysis.summary(node)
    if isinstance(analysis, pd.DataFrame):
        needed = ["nominal_rank", "median_rank", "q05_rank", "q95_rank"]
        absent = [c for c in needed if c not in analysis.columns]
        if absent:
            raise ValueError(f"analysis: a DataFrame needs the columns of UncertaintyAnalysis.summary(); "
                             f"missing {', '.join(absent)}")
        return analysis
    raise TypeError(f"analysis: expected an UncertaintyAnalysis or its summary() DataFrame, "
                    f"found {type(analysis).__name__}")


def _sorted(frame: pd.DataFrame, sort: Sort) -> pd.DataFrame:
    _check_choice("sort", sort, _SORTS)
    if sort is None:
        return frame
    column = f"{sort}_rank"
    if column not in frame.columns:
        raise ValueError(f'sort: "{sort}" needs a {column} column')
    return frame.sort_values(column, kind="stable", na_position="last")


def _labels(frame: pd.DataFrame, labels: Labels) -> list[str]:
    _check_choice("labels", labels, ("code", "name"))
    if labels == "code":
        return [str(c) for c in frame.index]
    if "name" not in frame.columns:
        raise ValueError('labels="name": the frame has no "name" column')
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


def rank_intervals(analysis: UncertaintyAnalysis | pd.DataFrame, node: str | None = None, *,
                   highlight: UnitKeys = None, labels: Labels = "code", sort: Sort = "nominal",
                   ax: Axes | None = None, title: str | None = None) -> Axes:
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
        ax.hlines(y[mask], low[mask], high[mask], color=colour, linewidth=1.6,
                  label="5th-95th percentile" if not suffix else "_nolegend_", gid="interval" + suffix)
        ax.plot(median[mask], y[mask], linestyle="", marker="o", markersize=4.5, color=colour,
                label="median rank" if not suffix else "_nolegend_", gid="median" + suffix)
    ax.plot(nominal, y, linestyle="", marker="|", markersize=9, markeredgewidth=1.5, color=NOMINAL_COLOUR,
            label="nominal rank", gid="nominal")
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


def rank_frequency_heatmap(analysis: UncertaintyAnalysis | pd.DataFrame, node: str | None = None, *,
                           labels: Labels = "code", sort: Sort = "nominal", ax: Axes | None = None,
                           title: str | None = None, cmap: str = "Blues") -> Axes:
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
    if isinstance(analysis, UncertaintyAnalysis):
        frame = _sorted(analysis.summary(node), sort)
        names = _labels(frame, labels)
        shares = analysis.rank_frequencies(node).loc[frame.index]
    elif isinstance(analysis, pd.DataFrame):
        shares = analysis
        names = [str(c) for c in shares.index]
    else:
        raise TypeError(f"analysis: expected an UncertaintyAnalysis or its rank_frequencies() DataFrame, "
                        f"found {type(analysis).__name__}")
    matrix = shares.drop(columns=["missing"], errors="ignore").to_numpy(float)
    rows, ranks = matrix.shape
    ax = _axes(ax, max(6.0, 0.1 * ranks + 3.0), _height(rows))
    image = ax.imshow(matrix, aspect="auto", interpolation="nearest", cmap=cmap, vmin=0.0, vmax=1.0,
                      extent=(0.5, ranks + 0.5, rows - 0.5, -0.5))
    _unit_ticks(ax, names)
    ax.set_xlabel("rank (1 = best)")
    ax.figure.colorbar(image, ax=ax, label="share of replicates", aspect=_bar_aspect(rows))
    if title is None:
        title = (f"{node or analysis.nodes[0]}: rank frequencies over {analysis.replicates:,} replicates"
                 if isinstance(analysis, UncertaintyAnalysis) else "Rank frequencies")
    ax.set_title(title)
    return ax


def sensitivity_bars(sensitivity: SensitivityAnalysis | pd.DataFrame, *, ax: Axes | None = None,
                     title: str | None = None) -> Axes:
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
    if isinstance(sensitivity, SensitivityAnalysis):
        frame = sensitivity.indices
        if title is None:
            title = f"Sobol' indices of the mean rank shift ({sensitivity.runs:,} runs)"
    elif isinstance(sensitivity, pd.DataFrame):
        frame = sensitivity
        absent = [c for c in ("first", "total") if c not in frame.columns]
        if absent:
            raise ValueError(f"sensitivity: the DataFrame has no {' or '.join(absent)} column")
    else:
        raise TypeError(f"sensitivity: expected a SensitivityAnalysis or a DataFrame, found {type(sensitivity).__name__}")
    inputs = [str(i) for i in frame.index]
    x = np.arange(len(inputs), dtype=float)
    width = 0.38
    ax = _axes(ax, max(6.0, 1.3 * len(inputs) + 2.5), 3.8)
    for offset, (column, colour, label) in zip((-0.5, 0.5), (("first", BASE_COLOUR, "first-order $S_i$"),
                                                            ("total", "#dd8452", "total $S_{Ti}$"))):
        values = frame[column].to_numpy(float)
        error = None
        if f"{column}_low" in frame.columns and f"{column}_high" in frame.columns:
            # A percentile-bootstrap interval need not contain the estimate: clip to a zero-length bar.
            error = np.vstack([np.clip(values - frame[f"{column}_low"].to_numpy(float), 0, None),
                               np.clip(frame[f"{column}_high"].to_numpy(float) - values, 0, None)])
        ax.bar(x + offset * width, values, width, yerr=error, capsize=3, color=colour, label=label,
               error_kw={"elinewidth": 1.0, "ecolor": "#333333"})
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(inputs)
    ax.set_ylabel("Sobol' index")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title if title is not None else "Sobol' indices")
    return ax


def sensitivity_heatmap(sensitivity: SensitivityAnalysis | pd.DataFrame, node: str | None = None, *,
                        output: Literal["rank", "score"] = "rank", index: str = "total", labels: Labels = "code",
                        names: UnitNames = None, units: UnitKeys = None, ax: Axes | None = None,
                        title: str | None = None, cmap: str = "viridis") -> Axes:
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
    _check_choice("labels", labels, ("code", "name"))
    if isinstance(sensitivity, SensitivityAnalysis):
        frame = sensitivity.unit_indices(node, output=output, index=index)
        if node is None:
            node = sensitivity._impl.output_names[1].split(":", 1)[0]
    elif isinstance(sensitivity, pd.DataFrame):
        frame = sensitivity
    else:
        raise TypeError(f"sensitivity: expected a SensitivityAnalysis or a DataFrame, found {type(sensitivity).__name__}")
    codes = [str(c) for c in frame.index]
    if units is not None:
        known = _names_of(names, codes) if names is not None else None
        frame = frame.iloc[_find_units(units, codes, known, "units")]
        codes = [str(c) for c in frame.index]
    if labels == "name":
        if names is None:
            raise ValueError('labels="name": give the unit names with names= (a Dataset, an UncertaintyAnalysis '
                             "or a mapping of code to name)")
        row_labels = _names_of(names, codes)
    else:
        row_labels = codes
    matrix = frame.to_numpy(float)
    rows, columns = matrix.shape
    ax = _axes(ax, max(4.0, 1.0 * columns + 3.2), _height(rows))
    import matplotlib

    colours = matplotlib.colormaps[cmap].with_extremes(bad="#d9d9d9")
    image = ax.imshow(matrix, aspect="auto", interpolation="nearest", cmap=colours, vmin=0.0, vmax=1.0)
    _unit_ticks(ax, row_labels)
    ax.set_xticks(np.arange(columns))
    ax.set_xticklabels([str(c) for c in frame.columns])
    finite = matrix[np.isfinite(matrix)]
    below, above = bool((finite < 0).any()), bool((finite > 1).any())
    extend = {(False, False): "neither", (True, False): "min", (False, True): "max", (True, True): "both"}[(below, above)]
    kind = {"first": "first-order", "total": "total"}.get(index, index)
    ax.figure.colorbar(image, ax=ax, extend=extend, label=f"{kind} index of the unit's {output}",
                       aspect=_bar_aspect(rows))
    if title is None:
        title = f"{node}: {kind} Sobol' indices of each unit's {output}" if node else f"{kind} Sobol' indices"
    ax.set_title(title)
    return ax


def waterfall(change: ChangeDecomposition, what: Literal["rank", "score"] = "rank", *, top: int = 8,
              ax: Axes | None = None, title: str | None = None) -> Axes:
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
    if not isinstance(change, ChangeDecomposition):
        raise TypeError(f"change: expected a govindex.ChangeDecomposition, found {type(change).__name__}")
    _check_choice("what", what, ("rank", "score"))
    from ._errors import require_int

    top = require_int("top", top)
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
    ax.set_title(title if title is not None else
                 f"{change.unit}: {what} {start:.4g} -> {end:.4g}")
    return ax

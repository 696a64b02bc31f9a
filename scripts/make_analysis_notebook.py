"""Writes docs/notebooks/analysis.ipynb from the cells below, then executes it in place
(scripts/run_notebooks.py --write), so the committed notebook carries its outputs (tables and
plots) and no timings.

    .venv/bin/python scripts/make_analysis_notebook.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from run_notebooks import main as run_notebooks  # scripts/, beside this file

PATH = Path(__file__).resolve().parent.parent / "docs" / "notebooks" / "analysis.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# Analysis and presentation of an index

What to look at once an index is built, on COINr's ASEM example shipped with govindex (51
countries, 49 indicators, 8 pillars, 2 sub-indices): indicator statistics and flags, correlations,
Cronbach's alpha, effective weights, the effect of removing each pillar, results tables, one
country's summary with its strengths and weaknesses, and the plots of `govindex.plot`. Guides:
[analysis](../guide/analysis.md), [unit reports and trends](../guide/reports.md),
[plots](../guide/plots.md).""",
    ),
    (
        "code",
        """import govindex as gi
import matplotlib
import pandas as pd
from govindex import plot

matplotlib.rcParams["figure.dpi"] = 80
pd.set_option("display.precision", 3)

framework, data = gi.datasets.asem()
pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])
results = pipeline.run(framework, data)
results.data_set_names""",
    ),
    (
        "markdown",
        """## Indicator statistics

COINr's `get_stats`: one row per indicator, with flags for low availability, outliers by skew and
kurtosis, and few non-zero or unique values. The flagged ones:""",
    ),
    (
        "code",
        """stats = gi.indicator_statistics(results, data_set="Raw")
flags = ["Flag.Avail", "Flag.NonZero", "Flag.Unique", "Flag.SkewKurt"]
stats.loc[(stats[flags] != "ok").any(axis=1), ["Min", "Max", "Skew", "Kurt", "Frc.Avail", *flags]]""",
    ),
    (
        "markdown",
        """Data availability of each country, overall and by pillar (COINr's `get_data_avail`), the
least complete first:""",
    ),
    (
        "code",
        """availability = gi.data_availability(results)
availability.sort_values("Frc.Avail").head(5)""",
    ),
    (
        "markdown",
        """## Correlations and consistency

The pillars against each other, each indicator against its pillar, the pairs within a pillar
that correlate strongly or pull against each other once directions are taken into account
(COINr's `get_corr_flags`), the indicators that follow a country's size (correlation with the
denominators, `get_denom_corr`), and Cronbach's alpha of each pillar's indicators.""",
    ),
    ("code", """gi.correlations(results, rows=2)"""),
    (
        "code",
        """parent = gi.parent_correlations(results, level=1)
parent.sort_values("correlation").head(8)""",
    ),
    ("code", """gi.correlation_flags(results, data_set="Raw", threshold=0.85)"""),
    (
        "code",
        """gi.correlation_flags(results, data_set="Raw", threshold=-0.4, flag="low", use_directions=True)""",
    ),
    ("code", """gi.denominator_correlations(results, min_abs=0.6)"""),
    ("code", """pd.Series({g: gi.cronbach_alpha(results, group=g) for g in framework.level_codes(2)}, name="alpha")"""),
    (
        "markdown",
        """## Effective weights and removing each pillar

Each node's share of the index (COINr's `get_eff_weights`), and what removing each pillar in turn
does to the index ranks (`remove_elements`): the mean absolute rank change.""",
    ),
    (
        "code",
        """weights = gi.index_weights(results)
weights[weights["Level"] >= 2]""",
    ),
    (
        "code",
        """removal = gi.remove_elements(results, level=2)
removal.mean_abs_rank_change.sort_values(ascending=False)""",
    ),
    (
        "markdown",
        """## Results tables

The summary (the index and its two sub-indices), the ranks of every aggregate, and ranks within
a unit group (Europe and Asia).""",
    ),
    ("code", """gi.results_table(results).head(10)"""),
    ("code", """gi.results_table(results, table="aggregates", ranks=True).head(10)"""),
    (
        "code",
        """by_region = gi.results_table(results, levels=[4, 3], ranks=True, group="EurAsia_group")
by_region[by_region["EurAsia_group"] == "Asia"].head(10)""",
    ),
    (
        "markdown",
        """## One country: Vietnam

Its score and rank at every aggregate (and within Asia), then its five best and five worst
indicators among the 51 countries, ranked by direction (for an indicator where lower is better,
a low value ranks high); indicators where it has the worst value are left out, as COINr does.""",
    ),
    ("code", """gi.unit_summary(results, "Vietnam", group="EurAsia_group")"""),
    (
        "code",
        """sw = gi.strengths_weaknesses(results, "Vietnam", top=5)
sw.strengths""",
    ),
    ("code", """sw.weaknesses"""),
    (
        "markdown",
        """## Plots

Each function of `govindex.plot` returns its matplotlib Axes and accepts `ax=`. The framework
as a sunburst, each node's angle its share of the index:""",
    ),
    ("code", """plot.framework(results);"""),
    ("code", """plot.framework(results, kind="tree", labels="name");"""),
    (
        "markdown",
        """The index by country, coloured by region, Vietnam highlighted; then Connectivity split into its
pillars' weighted contributions, labelled by name.""",
    ),
    ("code", """plot.bar(results, group="EurAsia_group", highlight="Vietnam");"""),
    ("code", """plot.bar(results, "Conn", stack=True, labels="name");"""),
    (
        "markdown",
        """One indicator with some countries marked, distributions of raw indicators, and the two
sub-indices against each other.""",
    ),
    ("code", """plot.dot(results, "LPI", data_set="Raw", highlight=["Vietnam", "Germany", "China"], labels="name");"""),
    ("code", """plot.distribution(results, "Flights", data_set="Raw", bins=25);"""),
    ("code", """plot.distribution(results, ["Goods", "Services", "FDI", "PRemit"], kind="violin");"""),
    ("code", """plot.scatter(results, "Conn", "Sust", group="EurAsia_group", highlight="Vietnam");"""),
    (
        "markdown",
        """The correlations of the 49 indicators, ordered and boxed by pillar, and of the 8 pillars
(Spearman) with their values.""",
    ),
    ("code", """plot.correlation_heatmap(results, level=1);"""),
    ("code", """plot.correlation_heatmap(results, level=2, method="spearman", annotate=True);"""),
]


def build() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    for kind, source in CELLS:
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        notebook.cells.append(make(source))
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"analysis-{i:02d}"  # stable ids, so a regeneration diffs cleanly
    return notebook


def main() -> int:
    nbformat.write(build(), PATH)
    return run_notebooks(["--write", str(PATH)])  # executes it and writes it back with its outputs


if __name__ == "__main__":
    sys.exit(main())

"""What it takes a unit to reach a target rank: the score that reaches it given the others', the gap
in points, each node's headroom and effect on the ranked node (:func:`gap_to_target`); the
least-cost plan of improvements that closes it, checked by re-scoring and, under standard errors,
with its probability of success (:func:`plan_improvement`); and what-if re-runs with one unit's
inputs changed (:func:`what_if`). Why a rank changed between two runs is in
:mod:`govindex.attribution`. Guide: docs/guide/planning.md.

>>> import govindex as gi
>>> framework, data = gi.datasets.asem()
>>> results = gi.Pipeline([gi.Normalise(gi.MinMax()), gi.Aggregate(gi.ArithmeticMean())]).run(framework, data)
>>> gap = gi.gap_to_target(results, "VNM", 20)
>>> gap.gap, gap.headroom.sort_values("potential", ascending=False).head(3)  # doctest: +SKIP
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Iterable, Mapping, Optional, Sequence

import pandas as pd

from . import _core
from ._errors import (
    ArgumentTypeError,
    ArgumentValueError,
    error,
    require_count,
    require_int32,
    require_seed,
    require_threads,
)
from .results import Results, table_frame
from .uncertainty import Progress, _progress


class TargetGap:
    """A unit's distance to a target rank on one node (what :func:`gap_to_target` returns).

    ``required_score`` is the lowest score that gives rank ``target_rank`` or better against the
    other units' scores (a tie shares the better rank; ``-inf`` when every score would do);
    ``gap = max(0, required_score - score)``. :attr:`headroom` has one row per node below the
    ranked node.
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.TargetGap) -> None:
        self._impl = impl

    unit = property(lambda self: self._impl.unit, doc="The unit's code.")
    node = property(lambda self: self._impl.node, doc="The ranked node.")
    year = property(lambda self: self._impl.year, doc="The year (panel data), else None.")
    target_rank = property(lambda self: self._impl.target_rank, doc="N: rank N or better is the target.")
    score = property(lambda self: self._impl.score, doc="The unit's score (NaN: missing).")
    rank = property(lambda self: self._impl.rank, doc="Its competition rank among the units with a score.")
    units = property(lambda self: self._impl.units, doc="Units ranked.")
    required_score = property(lambda self: self._impl.required_score, doc="The lowest score reaching the target rank.")
    gap = property(lambda self: self._impl.gap, doc="Points still needed: max(0, required_score - score).")
    reached = property(lambda self: self._impl.reached, doc="True when the unit already has the target rank or better.")

    @property
    def headroom(self) -> pd.DataFrame:
        """One row per node below the ranked node (index: node code), depth first: parent, level,
        value, best (highest value that year), maximum (as given), headroom ((maximum, else best) -
        value), effect (d ranked score / d node value at the current values), potential (headroom x
        effect: the most the node alone could add, to first order; exact for sums and means)."""
        frame = table_frame(self._impl.headroom).set_index("node")
        frame["level"] = frame["level"].astype(int)
        return frame

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TargetGap) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[TargetGap], tuple[_core.TargetGap]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        state = "reached" if self.reached else f"gap {self.gap:.6g}"
        return (
            f"TargetGap(unit={self.unit!r}, node={self.node!r}, rank {self.rank:g} of {self.units}, "
            f"target {self.target_rank}: required {self.required_score:.6g}, {state})"
        )


def gap_to_target(
    results: Results,
    unit: str,
    target_rank: int,
    *,
    node: Optional[str] = None,
    year: Optional[int] = None,
    maxima: Optional[Mapping[str, float]] = None,
) -> TargetGap:
    """The gap of `unit` (code or name) to rank `target_rank` on `node` (default: the index).

    `year` selects the year of panel data; `maxima` maps node codes to the highest value they can
    take (e.g. maximum points) for their headroom, instead of the best value observed that year.
    Raises UnknownCodeError for an unknown unit, node or year, MethodError for a target rank outside
    1..units or a maximum below the best observed value, ArgumentValueError for a `target_rank` or
    `year` beyond a C++ int (``target_rank: expected an int from 1 to 2147483647, found 2147483648``).
    """
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"results: expected govindex.Results, found {type(results).__name__}")
    rank = require_int32("target_rank", target_rank, low=1)
    limits = _number_map("maxima", maxima)
    return TargetGap(
        _core.gap_to_target(
            results._impl, str(unit), rank, node or "", None if year is None else require_int32("year", year), limits
        )
    )


class WhatIf:
    """A re-run with one unit's inputs changed (what :func:`what_if` and :func:`apply_plan` return).

    :attr:`results` is the changed run; :attr:`changes` has one row per (unit, node) whose score or
    rank moved, the changed unit first.
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.WhatIf) -> None:
        self._impl = impl

    unit = property(lambda self: self._impl.unit, doc="The changed unit's code.")
    year = property(lambda self: self._impl.year, doc="The year changed (panel data), else None.")
    data_set = property(lambda self: self._impl.data_set, doc="The data set whose values were changed.")

    @property
    def results(self) -> Results:
        """The changed run: the baseline's data sets up to the changed one, then the re-run steps'."""
        return Results(self._impl.results)

    @property
    def changes(self) -> pd.DataFrame:
        """One row per (unit, node) that moved, with the columns unit, year, node, score_before,
        score_after, rank_before and rank_after (ranks as nullable integers)."""
        frame = table_frame(self._impl.changes)
        for column in ("rank_before", "rank_after"):
            frame[column] = frame[column].round().astype("Int64")
        if frame["year"].isna().all():
            frame = frame.drop(columns="year")
        else:
            frame["year"] = frame["year"].round().astype("Int64")
        return frame

    def __reduce__(self) -> tuple[type[WhatIf], tuple[_core.WhatIf]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return f"WhatIf(unit={self.unit!r}, data_set={self.data_set!r}, {len(self._impl.changes.columns[0])} changes)"


def what_if(
    baseline: Results,
    unit: str,
    values: Mapping[str, float],
    *,
    data_set: Optional[str] = None,
    year: Optional[int] = None,
) -> WhatIf:
    """`unit` (code or name) with `values` set in the baseline's data set `data_set` (default: the
    run's input, "Raw"; or e.g. "Normalised"), in `year` for panel data; the steps after that data
    set are re-run. `values` maps a column code to a number (NaN = missing) or, for raw evidence
    held as text (a criterion's level, "true" for a yes/no criterion, read by a Score step), to text.

    Raises UnknownCodeError for an unknown unit, year, data set or column.
    """
    if not isinstance(baseline, Results):
        raise ArgumentTypeError(f"baseline: expected govindex.Results, found {type(baseline).__name__}")
    if not isinstance(values, Mapping):
        raise ArgumentTypeError(
            f"values: expected a mapping of column code -> number or text, found {type(values).__name__}"
        )
    texts = {str(k): v for k, v in values.items() if isinstance(v, str)}
    numbers = _number_map("values", {k: v for k, v in values.items() if not isinstance(v, str)})
    return WhatIf(
        _core.what_if(
            baseline._impl,
            str(unit),
            numbers,
            data_set or "",
            None if year is None else require_int32("year", year),
            texts,
        )
    )


class ImprovementPlan:
    """The least-cost set of improvements that reaches a target rank (what :func:`plan_improvement`
    returns), as solved and as checked by re-scoring.

    ``status``: "reached" (nothing to do), "optimal" (proven optimal, first order exact: sums and
    arithmetic means), "first-order" (reaches the target, not proven least-cost: geometric,
    harmonic and power means), "infeasible" (see ``best_rank``) or "stopped: ..." (the solver's).
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.ImprovementPlan) -> None:
        self._impl = impl

    objective = property(lambda self: self._impl.objective, doc='"least_cost" or "fewest_nodes".')
    status = property(lambda self: self._impl.status, doc="How the plan was found (see the class).")
    feasible = property(lambda self: self._impl.feasible, doc="True when the plan reaches the target (re-scored).")
    target_score = property(
        lambda self: self._impl.target_score, doc="The score aimed at: the required score, or the robust score."
    )
    cost = property(lambda self: self._impl.cost, doc="Sum of the steps' costs.")
    nodes_changed = property(lambda self: self._impl.nodes_changed, doc="Number of nodes the plan changes.")
    planned_score = property(lambda self: self._impl.planned_score, doc="Score + the steps' first-order gains.")
    achieved_score = property(lambda self: self._impl.achieved_score, doc="The score with the plan applied.")
    achieved_rank = property(lambda self: self._impl.achieved_rank, doc="The rank with the plan applied.")
    rounds = property(lambda self: self._impl.rounds, doc="Solves made (more than one where first order is not exact).")
    best_score = property(
        lambda self: self._impl.best_score, doc="When infeasible: the score with every allowed node at its cap."
    )
    best_rank = property(lambda self: self._impl.best_rank, doc="When infeasible: the best rank reachable.")
    success_probability = property(
        lambda self: self._impl.success_probability,
        doc="With standard errors: P(the achieved score reaches the target rank).",
    )
    robust_score = property(
        lambda self: self._impl.robust_score, doc="With a probability: the score that reaches the target with it."
    )

    @property
    def gap(self) -> TargetGap:
        """The gap the plan closes, with every node's headroom and effect."""
        return TargetGap(self._impl.gap)

    @property
    def steps(self) -> pd.DataFrame:
        """One row per node changed (index: node code): parent, value, new_value, improvement,
        effect, gain (effect x improvement), cost, discrete (moved to a level)."""
        frame = table_frame(self._impl.steps).set_index("node")
        frame["discrete"] = frame["discrete"].astype(bool)
        return frame

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImprovementPlan) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[ImprovementPlan], tuple[_core.ImprovementPlan]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        g = self._impl.gap
        head = f"ImprovementPlan(unit={g.unit!r}, target {g.target_rank} on {g.node!r}: {self.status}"
        if self.status == "reached":
            return head + f", rank {g.rank:g})"
        if not self.feasible:
            return head + f", best reachable rank {self.best_rank:g})"
        odds = "" if math.isnan(self.success_probability) else f", P(success) {self.success_probability:.3g}"
        return (
            head + f", {self.nodes_changed} nodes, cost {self.cost:.6g}, score {g.score:.6g} -> "
            f"{self.achieved_score:.6g}, rank {g.rank:g} -> {self.achieved_rank:g}{odds})"
        )


def _number_map(name: str, value: Optional[Mapping[str, Any]]) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(f"{name}: expected a mapping of node code -> number, found {type(value).__name__}")
    out = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise ArgumentTypeError(f"{name}[{key!r}]: expected a number, found {type(number).__name__} {number!r}")
        try:
            out[str(key)] = float(number)
        except OverflowError:  # an int beyond a double's range
            raise ArgumentValueError(
                f"{name}[{key!r}]: expected a number, found an int beyond a double's range"
            ) from None
    return out


def plan_improvement(
    results: Results,
    unit: str,
    target_rank: int,
    *,
    node: Optional[str] = None,
    year: Optional[int] = None,
    nodes: Optional[Sequence[str]] = None,
    costs: Optional[Mapping[str, float]] = None,
    caps: Optional[Mapping[str, float]] = None,
    levels: Optional[Mapping[str, Sequence[float]]] = None,
    maxima: Optional[Mapping[str, float]] = None,
    objective: str = "least_cost",
    standard_errors: Optional[Mapping[str, float]] = None,
    probability: Optional[float] = None,
    replicates: int = 10000,
    seed: int = 0,
    threads: int = 0,
    progress: Progress = None,
) -> ImprovementPlan:
    """The least-cost plan for `unit` (code or name) to reach rank `target_rank` on `node`
    (default: the index) in `year` (panel data), solved as an LP/MILP by COIN-OR Cbc.

    - `nodes`: the indicators that may improve (None, the default: every one below `node` with
      headroom; an empty list is a MethodError, not "every one");
    - `costs`: cost of one unit of improvement per node (default 1); `caps`: the most a node can
      improve (never beyond its headroom); `levels`: the values a node with a discrete scoring rule
      can take (bands, yes/no); `maxima`: as for :func:`gap_to_target`;
    - `objective`: "least_cost" or "fewest_nodes" (then the least cost among those);
    - `standard_errors` (unit -> se, every unit with a score): the scores vary (the uncertainty
      engine, `replicates`, `seed`, `threads`, `progress`); the plan reports its
      `success_probability`; with `probability` (strictly between 0 and 1; NaN and infinities are
      errors; None: none), it aims at the score reaching the target with it.

    Values are in the units the aggregate step saw (points, or normalised values). The plan is
    checked by re-scoring (:func:`apply_plan`). Raises what :func:`gap_to_target` raises, and
    MethodError for a negative cost or cap, a node that is not an indicator below `node`, a
    probability outside (0, 1) (NaN included), an empty `nodes` list, standard errors missing a
    unit, or `replicates` whose kept scores would need more than 2^31 values; an ArgumentValueError
    for an integer outside its range (`target_rank` from 1, `replicates` from 2, `seed` from 0 to
    2^64 - 1, `threads` from 0). The plan records the run it was made on (:func:`apply_plan`).
    """
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"results: expected govindex.Results, found {type(results).__name__}")
    if not isinstance(objective, str):
        raise ArgumentTypeError(f'objective: expected "least_cost" or "fewest_nodes", found {type(objective).__name__}')
    allowed = None
    if nodes is not None:
        if isinstance(nodes, str) or not isinstance(nodes, Sequence):
            raise ArgumentTypeError(f"nodes: expected a list of node codes, found {type(nodes).__name__}")
        allowed = [str(n) for n in nodes]
    steps: dict[str, list[float]] = {}
    if levels is not None:
        if not isinstance(levels, Mapping):
            raise ArgumentTypeError(
                f"levels: expected a mapping of node code -> list of values, found {type(levels).__name__}"
            )
        for key, values in levels.items():
            if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
                raise ArgumentTypeError(f"levels[{key!r}]: expected a list of values, found {type(values).__name__}")
            steps[str(key)] = list(_number_map(f"levels[{key!r}]", dict(enumerate(values))).values())
    if probability is not None and (isinstance(probability, bool) or not isinstance(probability, numbers.Real)):
        raise ArgumentTypeError(f"probability: expected a number in (0, 1), found {type(probability).__name__}")
    try:
        chance = None if probability is None else float(probability)
    except OverflowError:  # an int beyond a double's range
        raise error(
            _core.MethodError,
            "plan: probability: an int beyond a double's range; expected a probability strictly between 0 and 1",
            column="probability",
            expected="a probability strictly between 0 and 1",
        ) from None
    counts = (
        require_int32("target_rank", target_rank, low=1),
        None if year is None else require_int32("year", year),
        require_count("replicates", replicates, 2),
        require_seed("seed", seed),
        require_threads("threads", threads),
    )
    callback, close = _progress(progress, "plan")
    try:
        return ImprovementPlan(
            _core.plan_improvement(
                results._impl,
                str(unit),
                counts[0],
                node or "",
                counts[1],
                allowed,
                _number_map("costs", costs),
                _number_map("caps", caps),
                steps,
                _number_map("maxima", maxima),
                objective,
                _number_map("standard_errors", standard_errors),
                chance,
                *counts[2:],
                callback,
            )
        )
    finally:
        close()


def apply_plan(results: Results, plan: ImprovementPlan) -> WhatIf:
    """The plan applied to the run it was made from: its new values set in the data set the
    aggregate step saw, the rest re-run (a what-if: the others unchanged).

    A plan records a fingerprint of the run it was made on (framework, weights, pipeline, the data
    the aggregate step saw and the scores); `results` of another run (other data, another pipeline
    or framework) are a MethodError naming ``results``, not a plan applied where its values mean
    something else. A re-run of the same pipeline on the same data is the same run."""
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"results: expected govindex.Results, found {type(results).__name__}")
    if not isinstance(plan, ImprovementPlan):
        raise ArgumentTypeError(f"plan: expected govindex.ImprovementPlan, found {type(plan).__name__}")
    return WhatIf(_core.apply_plan(results._impl, plan._impl))

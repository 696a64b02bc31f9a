"""What it takes a unit to reach a target rank (the score that reaches it given the others', the gap
in points, each node's headroom and effect on the ranked node), and why its rank changed between two
runs (contribution changes per node; the rank change split into its own and the others' parts).
Guide: docs/guide/planning.md.

>>> import govindex as gi
>>> framework, data = gi.datasets.asem()
>>> results = gi.Pipeline([gi.Normalise(gi.MinMax()), gi.Aggregate(gi.ArithmeticMean())]).run(framework, data)
>>> gap = gi.gap_to_target(results, "VNM", 20)
>>> gap.gap, gap.headroom.sort_values("potential", ascending=False).head(3)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Mapping, Optional

import pandas as pd

from . import _core
from ._errors import require_int
from .results import Results, table_frame


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
        return (f"TargetGap(unit={self.unit!r}, node={self.node!r}, rank {self.rank:g} of {self.units}, "
                f"target {self.target_rank}: required {self.required_score:.6g}, {state})")


def gap_to_target(results: Results, unit: str, target_rank: int, *, node: Optional[str] = None,
                  year: Optional[int] = None, maxima: Optional[Mapping[str, float]] = None) -> TargetGap:
    """The gap of `unit` (code or name) to rank `target_rank` on `node` (default: the index).

    `year` selects the year of panel data; `maxima` maps node codes to the highest value they can
    take (e.g. maximum points) for their headroom, instead of the best value observed that year.
    Raises UnknownCodeError for an unknown unit, node or year, MethodError for a target rank outside
    1..units or a maximum below the best observed value.
    """
    if not isinstance(results, Results):
        raise TypeError(f"results: expected govindex.Results, found {type(results).__name__}")
    rank = require_int("target_rank", target_rank)
    limits = {str(k): float(v) for k, v in (maxima or {}).items()}
    return TargetGap(_core.gap_to_target(results._impl, str(unit), rank, node or "",
                                         None if year is None else require_int("year", year), limits))


class ChangeDecomposition:
    """A unit's change between two runs (what :func:`decompose_change` returns).

    ``own_part + others_part == rank_after - rank_before`` (negative = moved up): two-player Shapley
    values, each factor's effect on the rank averaged over the two orders of change. :attr:`parts`
    has one row per node with its contribution before and after; the changes add up to
    ``score_after - score_before``.
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.ChangeDecomposition) -> None:
        self._impl = impl

    unit = property(lambda self: self._impl.unit, doc="The unit's code.")
    node = property(lambda self: self._impl.node, doc="The node whose change is decomposed.")
    score_before = property(lambda self: self._impl.score_before)
    score_after = property(lambda self: self._impl.score_after)
    rank_before = property(lambda self: self._impl.rank_before)
    rank_after = property(lambda self: self._impl.rank_after)
    own_part = property(lambda self: self._impl.own_part, doc="Rank change due to the unit's own score change.")
    others_part = property(lambda self: self._impl.others_part, doc="Rank change due to the other units' changes.")
    only_before = property(lambda self: self._impl.only_before, doc="Units ranked before and not after.")
    only_after = property(lambda self: self._impl.only_after, doc="Units ranked after and not before.")

    @property
    def parts(self) -> pd.DataFrame:
        """One row per node (index: node code): parent, value_before, value_after,
        contribution_before, contribution_after, change."""
        return table_frame(self._impl.parts).set_index("node")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChangeDecomposition) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[ChangeDecomposition], tuple[_core.ChangeDecomposition]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return (f"ChangeDecomposition(unit={self.unit!r}, node={self.node!r}, score {self.score_before:.6g} -> "
                f"{self.score_after:.6g}, rank {self.rank_before:g} -> {self.rank_after:g}: own {self.own_part:+g}, "
                f"others {self.others_part:+g})")


def decompose_change(before: Results, after: Results, unit: str, *, node: Optional[str] = None,
                     year_before: Optional[int] = None, year_after: Optional[int] = None,
                     to_leaves: bool = True) -> ChangeDecomposition:
    """Why `unit` (code or name) changed on `node` (default: the index) from `before` to `after`
    (two runs, or two years of one panel run with `year_before`/`year_after`).

    The score change is split into each node's contribution change (down to the indicators with
    `to_leaves`, else the node's children), exact for every method with an additive split; the
    rank change into the unit's own part and the other units' part. Units ranked in one run only
    are listed. Raises UnknownCodeError for a unit, node or year missing in either run.
    """
    for name, value in (("before", before), ("after", after)):
        if not isinstance(value, Results):
            raise TypeError(f"{name}: expected govindex.Results, found {type(value).__name__}")
    return ChangeDecomposition(_core.decompose_change(
        before._impl, after._impl, str(unit), node or "",
        None if year_before is None else require_int("year_before", year_before),
        None if year_after is None else require_int("year_after", year_after), bool(to_leaves)))

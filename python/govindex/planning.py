"""What it takes a unit to reach a target rank (the score that reaches it given the others', the gap
in points, each node's headroom and effect on the ranked node). Why a rank changed between two runs
is in :mod:`govindex.attribution`. Guide: docs/guide/planning.md.

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

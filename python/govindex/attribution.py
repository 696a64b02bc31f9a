"""Why a unit's score and rank changed between two runs (two years, two variants, two methodology
versions): the score change split over the nodes (each method's exact contributions, or Shapley
values over the children's changes for any method), and the rank change split into the unit's own
part, the other units' part and, given re-scored runs, the methodology's part.
:func:`decompose_methodology_change` builds those runs from two years of assessments under a
methodology :class:`~govindex.methodology.Family`, re-scoring each year through its crosswalks.
Guide: docs/guide/attribution.md.

>>> import govindex as gi
>>> framework, _ = gi.datasets.asem()
>>> panel = gi.read_dataset("data/asem/iData_p.csv", framework)  # doctest: +SKIP
>>> pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())])
>>> results = pipeline.run(framework, panel)  # doctest: +SKIP
>>> change = gi.decompose_change(  # doctest: +SKIP
...     results, results, "VNM", year_before=2018, year_after=2022, rule="shapley")
>>> change.rank_parts(), change.parts["change"].sum()  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Iterable, Optional

import pandas as pd

from . import _core
from ._errors import ArgumentTypeError, error, require_count, require_int, require_int32, require_seed
from .results import Results, table_frame

RULES = ("auto", "contributions", "shapley")


class ChangeDecomposition:
    """A unit's change between two runs (what :func:`decompose_change` returns).

    ``own_part + others_part + methodology_part == rank_after - rank_before`` (negative = moved
    up): Shapley values over the factors that changed, each factor's effect on the rank averaged
    over the orders of change (two players without re-scored runs; three with both; sequential,
    see :attr:`sequence`, with one). ``score_data_part + score_methodology_part == score_after -
    score_before``. :attr:`parts` splits the data part of the score change over the nodes.
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
    own_part = property(lambda self: self._impl.own_part, doc="Rank change due to the unit's own data.")
    others_part = property(lambda self: self._impl.others_part, doc="Rank change due to the other units' data.")
    methodology_part = property(
        lambda self: self._impl.methodology_part, doc="Rank change due to the methodology (0 without re-scored runs)."
    )
    score_data_part = property(lambda self: self._impl.score_data_part, doc="Score change due to the data.")
    score_methodology_part = property(
        lambda self: self._impl.score_methodology_part,
        doc="Score change due to the methodology (0 without re-scored runs).",
    )
    sequence = property(
        lambda self: self._impl.sequence,
        doc='"shapley", or the order of a sequential split: "methodology first", "data first".',
    )
    rule = property(lambda self: self._impl.rule, doc='The rule of :attr:`parts`: "contributions" or "shapley".')
    only_before = property(lambda self: self._impl.only_before, doc="Units ranked before and not after.")
    only_after = property(lambda self: self._impl.only_after, doc="Units ranked after and not before.")
    methodology_differences = property(
        lambda self: list(self._impl.methodology_differences),
        doc="What differs between the two runs' methodologies at and below the node, one sentence each "
        "(empty: one methodology). See :func:`methodology_differences`.",
    )
    rescoring = property(
        lambda self: self._impl.rescoring,
        doc='Where the re-scored runs came from: "none" (one methodology), "given" (before_rescored / '
        "after_rescored), \"automatic\" (each run's raw data re-run under the other's methodology).",
    )
    rank_if_only_own = property(
        lambda self: self._impl.rank_if_only_own,
        doc="The unit's rank had only its own data changed (the others' as before).",
    )
    rank_if_only_others = property(
        lambda self: self._impl.rank_if_only_others,
        doc="The unit's rank had only the other units' data changed (its own as before).",
    )
    own_alone_part = property(
        lambda self: self._impl.own_alone_part,
        doc="rank_if_only_own minus the rank before (within the methodology of the data change).",
    )
    others_alone_part = property(
        lambda self: self._impl.others_alone_part,
        doc="rank_if_only_others minus the rank before (within the methodology of the data change).",
    )
    interaction_part = property(
        lambda self: self._impl.interaction_part,
        doc="What the two data changes do together beyond each alone: own_alone_part + others_alone_part + "
        "interaction_part + methodology_part is the rank change.",
    )

    @property
    def parts(self) -> pd.DataFrame:
        """One row per node (index: node code): parent, value_before, value_after,
        contribution_before, contribution_after (NaN with the Shapley rule), change, std_error (0
        unless sampled), method ("contributions", "exact", "sampled", or "residual" for a row "(P)":
        the change of aggregate P its children's values do not explain). The changes add up to
        :attr:`score_data_part`."""
        return table_frame(self._impl.parts).set_index("node")

    def rank_parts(self) -> pd.Series:
        """The rank change as a Series of Shapley values: own, others, methodology (adding up to the
        change). Each data part is averaged over the orders of change, so an interaction between the
        unit's change and the others' is shared between them (half-places are possible)."""
        return pd.Series(
            {"own": self.own_part, "others": self.others_part, "methodology": self.methodology_part}, name="rank_change"
        )

    def counterfactual_parts(self) -> pd.Series:
        """The rank change read one factor at a time, as a Series adding up to the change:
        own_alone ("where we would be had only we changed", minus where we were), others_alone (had
        only the others changed), interaction (what the two do together beyond each alone) and
        methodology (as in :meth:`rank_parts`)."""
        return pd.Series(
            {
                "own_alone": self.own_alone_part,
                "others_alone": self.others_alone_part,
                "interaction": self.interaction_part,
                "methodology": self.methodology_part,
            },
            name="rank_change",
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChangeDecomposition) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[ChangeDecomposition], tuple[_core.ChangeDecomposition]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        text = (
            f"ChangeDecomposition(unit={self.unit!r}, node={self.node!r}, score {self.score_before:.6g} -> "
            f"{self.score_after:.6g}, rank {self.rank_before:g} -> {self.rank_after:g}: own {self.own_part:+.6g}, "
            f"others {self.others_part:+.6g}"
        )
        if self.methodology_part != 0 or self.score_methodology_part != 0 or self.methodology_differences:
            text += f", methodology {self.methodology_part:+.6g} (score {self.score_methodology_part:+.6g})"
        text += (
            f"; one at a time: own alone {self.own_alone_part:+.6g}, others alone {self.others_alone_part:+.6g}, "
            f"interaction {self.interaction_part:+.6g}"
        )
        return text + ")"


def _results(name: str, value: object, optional: bool = False) -> Optional[_core.Results]:
    if optional and value is None:
        return None
    if not isinstance(value, Results):
        expected = "govindex.Results or None" if optional else "govindex.Results"
        raise ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__}")
    return value._impl


def _split_options(where: str, exact_limit: object, permutations: object, seed: object) -> dict[str, int]:
    """exact_limit, permutations and seed checked (ints >= 0 within their compiled range), by name."""
    counts = {"exact_limit": exact_limit, "permutations": permutations, "seed": seed}
    for name, value in counts.items():
        counts[name] = require_int(name, value)
        if counts[name] < 0:
            raise error(
                _core.MethodError,
                f"{where}: {name} {counts[name]}; expected a number >= 0",
                column=name,
                expected="a number >= 0",
                found=str(counts[name]),
            )
        counts[name] = require_seed(name, counts[name]) if name == "seed" else require_count(name, counts[name])
    return counts


def decompose_change(
    before: Results,
    after: Results,
    unit: str,
    *,
    node: Optional[str] = None,
    year_before: Optional[int] = None,
    year_after: Optional[int] = None,
    to_leaves: bool = True,
    rule: str = "auto",
    exact_limit: int = 12,
    permutations: int = 1000,
    seed: int = 1,
    before_rescored: Optional[Results] = None,
    after_rescored: Optional[Results] = None,
) -> ChangeDecomposition:
    """Why `unit` (code or name) changed on `node` (default: the index) from `before` to `after`
    (two runs, or two years of one panel run with `year_before`/`year_after`).

    The score change is split over the nodes (down to the indicators with `to_leaves`, else the
    node's children) by `rule`: "contributions" (each method's exact additive split), "shapley"
    (Shapley values over the children's value changes under the after run's method and weights:
    exact up to `exact_limit` children of one aggregate, else `permutations` sampled orders from
    `seed`, with a standard error), or "auto" (contributions where every method has them). The
    rank change is split into the unit's own part and the other units' part and, with
    `before_rescored` (the before data under the after methodology) and/or `after_rescored` (the
    after data under the before methodology), the methodology's part. When the two runs'
    methodologies differ (:func:`methodology_differences`: nodes added, dropped or moved, weights,
    directions, pipeline steps, aggregation methods) and no re-scored run is given, both are made
    by re-running each run's raw data under the other's pipeline and framework where its
    indicators allow (:attr:`ChangeDecomposition.rescoring` is "automatic"), so a methodology
    change is never booked as the unit's or the others' change. Beside the Shapley parts, the
    one-at-a-time reading: :meth:`ChangeDecomposition.counterfactual_parts`. Units ranked in one
    run only are listed.

    Raises UnknownCodeError for a unit, node or year missing in a run (naming the run), for a unit
    without a score in a run, or a year given for a run that is not a panel of that year;
    MethodError for an unknown rule or unusable options, or two methodologies where neither run's
    data can be scored under the other's (the message lists the differences and why);
    NumericError if a part is not finite.
    """
    impls = [_results("before", before), _results("after", after)]
    rescored = [_results("before_rescored", before_rescored, True), _results("after_rescored", after_rescored, True)]
    if not isinstance(rule, str):
        raise ArgumentTypeError(f"rule: expected one of {', '.join(RULES)}, found {type(rule).__name__} {rule!r}")
    counts = _split_options("decompose change", exact_limit, permutations, seed)
    return ChangeDecomposition(
        _core.decompose_change(
            *impls,
            str(unit),
            node or "",
            None if year_before is None else require_int32("year_before", year_before),
            None if year_after is None else require_int32("year_after", year_after),
            bool(to_leaves),
            rule,
            counts["exact_limit"],
            counts["permutations"],
            counts["seed"],
            *rescored,
        )
    )


def methodology_differences(before: Results, after: Results, *, node: Optional[str] = None) -> list[str]:
    """What differs between the methodologies of two runs at and below `node` (default: the index
    of `before`), one sentence each: tree nodes in one run only, moved, of another type, direction,
    weight or denominator; pipeline steps that differ; the aggregation method or weights recorded at
    an aggregate. Names and other descriptive columns are not methodology. An empty list means the
    two runs score their data the same way.

    >>> import govindex as gi
    >>> framework, data = gi.datasets.asem()
    >>> normalise = gi.Normalise(gi.MinMax(low=1, high=100))
    >>> one = gi.Pipeline([normalise, gi.Aggregate(gi.ArithmeticMean())]).run(framework, data)
    >>> two = gi.Pipeline([normalise, gi.Aggregate(gi.GeometricMean())]).run(framework, data)
    >>> gi.methodology_differences(one, two)[:2]
    ['pipeline step 2 (aggregate) differs', 'aggregation at "Physical": amean -> gmean']
    """
    impls = [_results("before", before), _results("after", after)]
    if node is not None and not isinstance(node, str):
        raise ArgumentTypeError(f"node: expected a str or None, found {type(node).__name__} {node!r}")
    return list(_core.methodology_differences(*impls, node or ""))


def _assessments(name: str, value: object) -> list[_core.Assessment]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(
            f"{name}: expected a list of govindex.methodology.Assessment, found {type(value).__name__}"
        )
    items = list(value)
    for item in items:
        if not isinstance(item, _core.Assessment):
            raise ArgumentTypeError(
                f"{name}: expected a list of govindex.methodology.Assessment, found an item of type "
                f"{type(item).__name__}"
            )
    return items


def decompose_methodology_change(
    family: _core.Family,
    assessments_before: Iterable[_core.Assessment],
    assessments_after: Iterable[_core.Assessment],
    unit: str,
    *,
    year_before: int,
    year_after: int,
    node: Optional[str] = None,
    to_leaves: bool = True,
    rule: str = "auto",
    exact_limit: int = 12,
    permutations: int = 1000,
    seed: int = 1,
) -> ChangeDecomposition:
    """:func:`decompose_change` for two years of assessments of a methodology `family`, the
    methodology part found through the family's crosswalks.

    `assessments_before` (of `year_before`, or year 0) are scored under the version in force for
    `year_before` (``family.version_for``), `assessments_after` under the version for `year_after`,
    each by the version's pipeline on :func:`~govindex.methodology.assessment_data`. When the
    versions differ, each year is carried to the other version by ``rescore`` through the
    crosswalk: before -> after gives the before data under the after rules, after -> before (when
    the family has it) the reverse. With both, the parts are Shapley values; with one crosswalk,
    the sequential split named in :attr:`ChangeDecomposition.sequence`. With one version for both
    years nothing is re-scored and the methodology part is 0. `node` (default: the root of the
    before version) must have the same code in both versions; the other options are those of
    :func:`decompose_change`.

    Raises UnknownCodeError (KeyError) for a year no version covers, no crosswalk between the two
    versions (both named) or a node missing in one version; MethodError (ValueError) when the
    crosswalk leaves `node` not comparable for a unit scored on it (``source`` "crosswalk <from> ->
    <to>", ``node`` the first such leaf, ``found`` rescore's reason; the message lists them all);
    InputError (ValueError) for an assessment of another year. Guide: docs/guide/attribution.md.
    """
    if not isinstance(family, _core.Family):
        raise ArgumentTypeError(f"family: expected govindex.methodology.Family, found {type(family).__name__}")
    before = _assessments("assessments_before", assessments_before)
    after = _assessments("assessments_after", assessments_after)
    if not isinstance(unit, str):
        raise ArgumentTypeError(f"unit: expected a str, found {type(unit).__name__} {unit!r}")
    if node is not None and not isinstance(node, str):
        raise ArgumentTypeError(f"node: expected a str or None, found {type(node).__name__} {node!r}")
    if not isinstance(rule, str):
        raise ArgumentTypeError(f"rule: expected one of {', '.join(RULES)}, found {type(rule).__name__} {rule!r}")
    counts = _split_options("decompose methodology change", exact_limit, permutations, seed)
    return ChangeDecomposition(
        _core.decompose_methodology_change(
            family,
            before,
            after,
            unit,
            node or "",
            require_int32("year_before", year_before),
            require_int32("year_after", year_after),
            bool(to_leaves),
            rule,
            counts["exact_limit"],
            counts["permutations"],
            counts["seed"],
        )
    )

"""Results of a pipeline run: every step's data set, scores, ranks, and the results table."""

from __future__ import annotations

import pandas as pd

from . import _core
from .dataset import Dataset
from .framework import Framework


def _as_ranks(frame: pd.DataFrame) -> pd.DataFrame:
    """Float ranks (NaN = missing) as pandas nullable integers."""
    return frame.round().astype("Int64")


class Results:
    """What :meth:`Pipeline.run` returns. Data sets are kept by name ("Raw", "Normalised", ...)."""

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.Results) -> None:
        self._impl = impl

    @property
    def framework(self) -> Framework:
        """The framework the pipeline ran on."""
        return Framework(self._impl.framework)

    @property
    def data_set_names(self) -> list[str]:
        """Names of the kept data sets, in step order."""
        return self._impl.data_set_names()

    def data_set(self, name: str) -> Dataset:
        """One kept data set by name; raises UnknownCodeError listing the names there are."""
        return Dataset(self._impl.data_set(name))

    @property
    def scores(self) -> pd.DataFrame:
        """Scores of every node: indexed by uCode, columns indicators then aggregates by level."""
        return Dataset(self._impl.scores()).values

    @property
    def ranks(self) -> pd.DataFrame:
        """Ranks of every column of :attr:`scores` (1 = best; ties share the lowest rank)."""
        return _as_ranks(Dataset(self._impl.ranks()).values)

    def results_table(self) -> pd.DataFrame:
        """Index score and rank per unit, best first (COINr ``get_results`` "Summ"), indexed by uCode."""
        rows = self._impl.results_table()
        root = self._impl.framework.root
        table = pd.DataFrame(
            {
                "uName": [r.unit_name for r in rows],
                root: [r.score for r in rows],
                "Rank": pd.array([None if r.rank != r.rank else int(r.rank) for r in rows], dtype="Int64"),
            },
            index=pd.Index([r.unit_code for r in rows], name="uCode"),
        )
        return table

    def full_table(self) -> pd.DataFrame:
        """The results table followed by the score of every aggregate and indicator, best first."""
        table = self.results_table()
        scores = self.scores
        framework = self._impl.framework
        order = [c for level in range(framework.max_level - 1, 0, -1) for c in framework.level_codes(level)]
        return table.join(scores[order])

    def __repr__(self) -> str:
        return f"Results(data sets: {', '.join(self.data_set_names)})"

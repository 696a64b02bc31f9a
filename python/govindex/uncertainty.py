"""Uncertainty and sensitivity analysis of any index built by a Pipeline.

Declare what is uncertain with typed inputs (:class:`WeightNoise`, :class:`StepChoice`,
:class:`IndicatorExclusion`, :class:`DataNoise`), compile once with :class:`UncertaintyEngine`,
then run :meth:`UncertaintyEngine.uncertainty` (rank and score intervals per unit, rank
frequencies, top-k probabilities) or :meth:`UncertaintyEngine.sensitivity` (Sobol' first-order and
total indices for COINr's scalar output and for every unit). Results are deterministic for a seed
and identical for any number of threads; a run can be split over a Dask cluster (``client=``).
Declarations can be kept in TOML files (:func:`read_uncertain_inputs`, :func:`write_uncertain_inputs`)
and run from the command line (``govindex uncertainty``).
Guide: docs/guide/uncertainty.md.

>>> import govindex as gi
>>> framework, data = gi.datasets.asem()
>>> pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])
>>> inputs = [gi.WeightNoise(0.25, levels=[2, 3]),
...           gi.StepChoice([gi.Normalise(gi.MinMax()), gi.Normalise(gi.ZScore(mean=10, sd=2)),
...                          gi.Normalise(gi.PercentRank())], name="normalisation")]
>>> ua = gi.uncertainty_analysis(framework, pipeline, data, inputs, replicates=1000, seed=1)
>>> ua.summary().head(3)  # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Iterable, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._core import DataNoise, IndicatorExclusion, StepChoice, UncertaintyDeclaration, WeightNoise
from ._errors import (
    ArgumentTypeError,
    ArgumentValueError,
    path_argument,
    require_count,
    require_int32,
    require_seed,
    require_threads,
)
from .dataset import Dataset
from .framework import Framework
from .pipeline import Pipeline
from .results import Results, table_frame

#: Every kind of uncertain input.
UncertainInput = Union[WeightNoise, StepChoice, IndicatorExclusion, DataNoise]
#: A progress option: True (a tqdm bar), False (none), None (a bar when interactive), or a
#: callable ``f(done, total)`` returning False to stop.
Progress = Union[bool, None, Callable[[int, int], Optional[bool]]]

#: Replicates are processed in blocks of this many; a partial run starts on a multiple of it.
replicate_block: int = _core.replicate_block


def _interactive() -> bool:
    return "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


class _Bar:
    """A tqdm progress bar fed by the engine's (done, total) callback."""

    def __init__(self, description: str) -> None:
        from tqdm.auto import tqdm  # optional dependency

        self._tqdm = tqdm
        self._bar: Any = None
        self._description = description

    def __call__(self, done: int, total: int) -> bool:
        if self._bar is None:
            self._bar = self._tqdm(total=total, desc=self._description, unit="run", leave=False)
        self._bar.update(done - self._bar.n)
        return True

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _progress(progress: Progress, description: str) -> tuple[Any, Callable[[], None]]:
    """The callback to give the engine and what closes it."""
    if callable(progress):
        return progress, lambda: None
    want = _interactive() if progress is None else bool(progress)
    if not want:
        return None, lambda: None
    try:
        bar = _Bar(description)
    except ImportError:
        if progress:
            raise ImportError("progress=True needs tqdm: pip install tqdm") from None
        return None, lambda: None
    return bar, bar.close


def _check_inputs(inputs: Iterable[UncertainInput]) -> list[UncertainInput]:
    out = list(inputs)
    for i, item in enumerate(out):
        if not isinstance(item, (WeightNoise, StepChoice, IndicatorExclusion, DataNoise)):
            raise ArgumentTypeError(
                f"inputs[{i}]: expected WeightNoise, StepChoice, IndicatorExclusion or DataNoise, "
                f"found {type(item).__name__}"
            )
    return out


def _unit_index(codes: Sequence[str]) -> pd.Index:
    return pd.Index(list(codes), name="uCode")


class UncertaintyAnalysis:
    """What :meth:`UncertaintyEngine.uncertainty` returns: statistics per unit of every tracked node.

    Merging the results of adjacent replicate ranges (:meth:`merged`) equals one run over both, and
    results pickle (to come back from a Dask worker).
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.UncertaintyResult) -> None:
        self._impl = impl

    @property
    def replicates(self) -> int:
        """N of the analysis."""
        return self._impl.replicates

    @property
    def seed(self) -> int:
        return self._impl.seed

    @property
    def replicate_range(self) -> tuple[int, int]:
        """The replicates [begin, end) this result covers."""
        return (self._impl.begin, self._impl.end)

    @property
    def nodes(self) -> list[str]:
        """The tracked nodes, the first being the one ranked by default."""
        return [n.node for n in self._impl.nodes]

    @property
    def input_names(self) -> list[str]:
        return self._impl.input_names

    @property
    def mean_rank_shift(self) -> float:
        """Mean over replicates of the mean absolute rank change of the first node from its nominal ranks."""
        return self._impl.mean_rank_shift()

    def summary(self, node: str | None = None) -> pd.DataFrame:
        """Per unit (indexed by uCode): nominal, mean, median, 5th and 95th percentile of rank and of
        score, sd and range of score. Rank quantiles are exact (type 7); score quantiles are read from
        a 1,024-bin histogram per unit (to within one bin)."""
        frame = table_frame(self._impl.summary(node or "")).set_index("unit")
        frame.index.name = "uCode"
        return frame

    def rank_frequencies(self, node: str | None = None) -> pd.DataFrame:
        """Share of replicates in which each unit (rows) had each rank (columns 1..U); a last column
        "missing" where the unit had no rank."""
        n = self._impl.node(node or "")
        counts = np.asarray(n.rank_counts, dtype=float) / max(self._impl.end - self._impl.begin, 1)
        columns = list(range(1, counts.shape[0] + 1)) + ["missing"]
        return pd.DataFrame(counts, index=_unit_index(self._impl.unit_codes), columns=columns)

    def top_probability(self, k: int, node: str | None = None) -> pd.Series:
        """Probability of each unit being ranked k or better."""
        units = len(self._impl.unit_codes)
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not 1 <= k <= units:
            raise ArgumentValueError(f"k: expected a rank from 1 to {units}, found {k!r}")
        matrix = self._impl.top_probabilities(node or "")
        return pd.Series(matrix[:, int(k) - 1], index=_unit_index(self._impl.unit_codes), name=f"P(rank <= {k})")

    def replicate_ranks(self, node: str | None = None) -> pd.DataFrame:
        """Every kept replicate's ranks (rows: replicate index, columns: uCode); needs keep_replicates=True."""
        return self._kept(self._impl.replicate_ranks, node)

    def replicate_scores(self, node: str | None = None) -> pd.DataFrame:
        """Every kept replicate's scores (rows: replicate index, columns: uCode); needs keep_replicates=True."""
        return self._kept(self._impl.replicate_scores, node)

    def replicate_parameters(self) -> pd.DataFrame:
        """Every kept replicate's sampled parameters: the alternative chosen (0-based) per choice,
        the weight of each noisy node ("weight:<code>"), 1 for each dropped indicator ("excluded:<code>")."""
        self._require_kept()
        begin, end = self.replicate_range
        return pd.DataFrame(
            self._impl.replicate_parameters,
            columns=self._impl.parameter_names,
            index=pd.RangeIndex(begin, end, name="replicate"),
        )

    def _require_kept(self) -> None:
        if not self._impl.replicate_scores:
            raise ArgumentValueError("no replicates were kept: run with keep_replicates=True")

    def _kept(self, matrices: list[np.ndarray], node: str | None) -> pd.DataFrame:
        self._require_kept()
        nodes = self.nodes
        position = 0 if node is None else nodes.index(self._impl.node(node).node)
        begin, end = self.replicate_range
        return pd.DataFrame(
            matrices[position],
            columns=pd.Index(self._impl.unit_codes, name="uCode"),
            index=pd.RangeIndex(begin, end, name="replicate"),
        )

    def merged(self, following: UncertaintyAnalysis) -> UncertaintyAnalysis:
        """This result followed by the result of the next replicate range of the same analysis."""
        return UncertaintyAnalysis(self._impl.merged(following._impl))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UncertaintyAnalysis) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[UncertaintyAnalysis], tuple[_core.UncertaintyResult]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return repr(self._impl).replace("UncertaintyResult", "UncertaintyAnalysis", 1)


class SensitivityAnalysis:
    """What :meth:`UncertaintyEngine.sensitivity` returns: first-order and total Sobol' indices of
    every input, for COINr's scalar output (mean absolute rank shift) and every unit's rank and score."""

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.SensitivityResult) -> None:
        self._impl = impl

    @property
    def input_names(self) -> list[str]:
        return self._impl.input_names

    @property
    def runs(self) -> int:
        """Model runs made: N (d + 2)."""
        return self._impl.runs

    @property
    def design(self) -> str:
        """ "sobol" (a Sobol' sequence) or "pseudo-random" (beyond its dimensions)."""
        return self._impl.design

    def _rows(self, rows: list[int]) -> list[pd.DataFrame]:
        ix = self._impl.indices
        frames = []
        for j, name in enumerate(self._impl.input_names):
            frames.append(
                pd.DataFrame(
                    {
                        "input": name,
                        "first": ix.first[rows, j],
                        "first_low": ix.first_low[rows, j],
                        "first_high": ix.first_high[rows, j],
                        "total": ix.total[rows, j],
                        "total_low": ix.total_low[rows, j],
                        "total_high": ix.total_high[rows, j],
                    }
                )
            )
        return frames

    @property
    def indices(self) -> pd.DataFrame:
        """Indices for the mean absolute rank shift (COINr's output), one row per input: first,
        total and their bootstrap intervals."""
        return pd.concat(self._rows([0]), ignore_index=True).set_index("input")

    def unit_indices(self, node: str | None = None, output: str = "rank", index: str = "total") -> pd.DataFrame:
        """One index per unit (rows, uCode) and input (columns) for a tracked node's `output`
        ("rank" or "score"); `index` is "first", "total" or an interval bound ("total_low" ...)."""
        if output not in ("rank", "score"):
            raise ArgumentValueError(f'output: expected "rank" or "score", found {output!r}')
        kinds = ("first", "total", "first_low", "first_high", "total_low", "total_high")
        if index not in kinds:
            raise ArgumentValueError(f"index: expected one of {', '.join(kinds)}, found {index!r}")
        names = self._impl.output_names
        prefix = (node or names[1].split(":", 1)[0]) + f":{output}:"
        rows = [i for i, name in enumerate(names) if name.startswith(prefix)]
        if not rows:
            raise KeyError(f"node {node!r} was not tracked")
        matrix = getattr(self._impl.indices, index)[rows, :]
        return pd.DataFrame(
            matrix,
            index=_unit_index([names[i][len(prefix) :] for i in rows]),
            columns=pd.Index(self._impl.input_names, name="input"),
        )

    def table(self) -> pd.DataFrame:
        """Every output's indices in long form: output, input, first, total and their intervals."""
        names = self._impl.output_names
        frames = self._rows(list(range(len(names))))
        for frame in frames:
            frame.insert(0, "output", names)
        return pd.concat(frames, ignore_index=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SensitivityAnalysis) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[SensitivityAnalysis], tuple[_core.SensitivityResult]]:
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return f"SensitivityAnalysis({len(self.input_names)} inputs, {self.runs} runs, {self.design} design)"


def _run_range(
    framework: Any,
    pipeline: Any,
    data: Any,
    inputs: list,
    nodes: list,
    year: Any,
    replicates: int,
    seed: int,
    threads: int,
    begin: int,
    end: int,
    keep: bool,
) -> _core.UncertaintyResult:
    """One replicate range on a worker (module level, so that Dask can ship it)."""
    engine = _core.UncertaintyEngine(framework, pipeline, data, inputs, nodes=nodes, year=year)
    return engine.uncertainty(
        replicates=replicates, seed=seed, threads=threads, begin=begin, end=end, keep_replicates=keep
    )


class UncertaintyEngine:
    """The pipeline compiled once for a framework, a data set (one year of a panel) and uncertain inputs.

    Construction checks the inputs (a MethodError names the input and what was expected, also for an
    input that touches no step) and runs the nominal pipeline. `nodes` are the tracked nodes (default:
    the index).
    """

    __slots__ = ("_impl", "_declaration")

    def __init__(
        self,
        framework: Framework,
        pipeline: Pipeline,
        data: Dataset,
        inputs: Iterable[UncertainInput],
        *,
        nodes: Sequence[str] | None = None,
        year: int | None = None,
    ) -> None:
        if not isinstance(framework, Framework):
            raise ArgumentTypeError(f"framework: expected a govindex.Framework, found {type(framework).__name__}")
        if not isinstance(pipeline, Pipeline):
            raise ArgumentTypeError(f"pipeline: expected a govindex.Pipeline, found {type(pipeline).__name__}")
        if not isinstance(data, Dataset):
            raise ArgumentTypeError(f"data: expected a govindex.Dataset, found {type(data).__name__}")
        if isinstance(nodes, str):
            nodes = [nodes]
        if year is not None:
            year = require_int32("year", year)
        checked = _check_inputs(inputs)
        self._declaration = (
            framework._impl,
            pipeline._impl,
            data._impl,
            checked,
            list(nodes or []),
            None if year is None else int(year),
        )
        self._impl = _core.UncertaintyEngine(
            *self._declaration[:4], nodes=self._declaration[4], year=self._declaration[5]
        )

    @property
    def input_names(self) -> list[str]:
        return self._impl.input_names

    @property
    def tracked_nodes(self) -> list[str]:
        return self._impl.tracked_nodes

    @property
    def dimensions(self) -> int:
        """Uniform draws one replicate takes."""
        return self._impl.dimensions

    @property
    def nominal(self) -> Results:
        """The nominal run (the pipeline as given)."""
        return Results(self._impl.nominal())

    def sampled_run(self, seed: int, index: int) -> tuple[Pipeline, Dataset]:
        """Replicate `index` of `seed` as a pipeline and a data set (running it gives the engine's scores)."""
        run = self._impl.sampled_run(require_seed("seed", seed), require_count("index", index))
        return Pipeline(run.pipeline), Dataset(run.data)

    def replicate_scores(self, seed: int, index: int) -> pd.DataFrame:
        """The engine's scores of the tracked nodes for replicate `index` of `seed` (rows uCode)."""
        return pd.DataFrame(
            self._impl.replicate_scores(require_seed("seed", seed), require_count("index", index)),
            index=_unit_index(self._impl.data.unit_codes),
            columns=self._impl.tracked_nodes,
        )

    def uncertainty(
        self,
        *,
        replicates: int = 1000,
        seed: int = 0,
        threads: int = 0,
        keep_replicates: bool = False,
        begin: int = 0,
        end: int | None = None,
        progress: Progress = None,
        client: Any = None,
    ) -> UncertaintyAnalysis:
        """Uncertainty analysis over replicates [begin, end) of N = `replicates`.

        `threads` = 0 uses every core (results do not depend on it). `progress`: a tqdm bar (True),
        none (False), a bar when interactive (None), or a callable ``f(done, total)``. Ctrl-C stops
        the run and raises KeyboardInterrupt. `client`: a ``dask.distributed.Client``; the range is
        split into blocks run on its workers and merged in order (the same result as a local run).

        An int outside its range (`replicates` < 2, `seed` outside 0..2^64 - 1, `threads` < 0, a
        negative `begin`) is an ArgumentValueError naming it; kept replicates whose values would
        exceed 2^31 (16 GiB) a MethodError naming `replicates`, raised before allocating.
        """
        replicates = require_count("replicates", replicates, 2)
        seed, threads = require_seed("seed", seed), require_threads("threads", threads)
        begin = require_count("begin", begin)
        end = None if end is None else require_count("end", end)
        if client is not None:
            return self._uncertainty_dask(client, replicates, seed, threads, keep_replicates, begin, end)
        callback, close = _progress(progress, "uncertainty")
        try:
            return UncertaintyAnalysis(
                self._impl.uncertainty(
                    replicates=replicates,
                    seed=seed,
                    threads=threads,
                    begin=begin,
                    end=end,
                    keep_replicates=keep_replicates,
                    progress=callback,
                )
            )
        finally:
            close()

    def _uncertainty_dask(
        self, client: Any, replicates: int, seed: int, threads: int, keep: bool, begin: int, end: int | None
    ) -> UncertaintyAnalysis:
        stop = replicates if end is None else end
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        blocks = -(-(stop - begin) // replicate_block)
        per_part = max(1, -(-blocks // (2 * workers))) * replicate_block
        bounds = list(range(begin, stop, per_part)) + [stop]
        framework, pipeline, data, inputs, nodes, year = self._declaration
        futures = [
            client.submit(
                _run_range,
                framework,
                pipeline,
                data,
                inputs,
                nodes,
                year,
                replicates,
                seed,
                threads,
                a,
                b,
                keep,
                pure=False,
            )
            for a, b in zip(bounds[:-1], bounds[1:])
        ]
        parts = client.gather(futures)
        result = parts[0]
        for part in parts[1:]:
            result = result.merged(part)
        return UncertaintyAnalysis(result)

    def sensitivity(
        self,
        *,
        base_samples: int = 1000,
        seed: int = 0,
        threads: int = 0,
        resamples: int = 1000,
        confidence: float = 0.95,
        progress: Progress = None,
    ) -> SensitivityAnalysis:
        """Sobol' sensitivity analysis: a Saltelli design of N (d + 2) runs (N = `base_samples`, d
        inputs, each input one factor), first-order (Saltelli 2010) and total (Jansen 1999) indices with
        percentile-bootstrap intervals (`resamples`, `confidence`). An int outside its range is an
        ArgumentValueError naming it; `base_samples` whose runs' outputs would exceed 2^31 values a
        MethodError naming it, raised before allocating."""
        base_samples = require_count("base_samples", base_samples, 2)
        seed, threads = require_seed("seed", seed), require_threads("threads", threads)
        resamples = require_count("resamples", resamples)
        callback, close = _progress(progress, "sensitivity")
        try:
            return SensitivityAnalysis(
                self._impl.sensitivity(
                    base_samples=base_samples,
                    seed=seed,
                    threads=threads,
                    resamples=resamples,
                    confidence=confidence,
                    progress=callback,
                )
            )
        finally:
            close()

    def __reduce__(self) -> tuple[Any, tuple]:
        # Pickled as its declaration, compiled again when loaded (e.g. on a Dask worker).
        framework, pipeline, data, inputs, nodes, year = self._declaration
        return (
            _engine_from_declaration,
            (Framework(framework), Pipeline(pipeline), Dataset(data), inputs, nodes, year),
        )

    def __repr__(self) -> str:
        return (
            f"UncertaintyEngine(inputs {self.input_names}, tracked {self.tracked_nodes}, "
            f"{self.dimensions} draws per replicate)"
        )


def _engine_from_declaration(
    framework: Framework, pipeline: Pipeline, data: Dataset, inputs: list, nodes: list, year: int | None
) -> UncertaintyEngine:
    return UncertaintyEngine(framework, pipeline, data, inputs, nodes=nodes, year=year)


def uncertainty_analysis(
    framework: Framework,
    pipeline: Pipeline,
    data: Dataset,
    inputs: Iterable[UncertainInput],
    *,
    replicates: int = 1000,
    seed: int = 0,
    nodes: Sequence[str] | None = None,
    year: int | None = None,
    threads: int = 0,
    keep_replicates: bool = False,
    progress: Progress = None,
    client: Any = None,
) -> UncertaintyAnalysis:
    """Compile an :class:`UncertaintyEngine` and run :meth:`UncertaintyEngine.uncertainty` once."""
    engine = UncertaintyEngine(framework, pipeline, data, inputs, nodes=nodes, year=year)
    return engine.uncertainty(
        replicates=replicates,
        seed=seed,
        threads=threads,
        keep_replicates=keep_replicates,
        progress=progress,
        client=client,
    )


def sensitivity_analysis(
    framework: Framework,
    pipeline: Pipeline,
    data: Dataset,
    inputs: Iterable[UncertainInput],
    *,
    base_samples: int = 1000,
    seed: int = 0,
    nodes: Sequence[str] | None = None,
    year: int | None = None,
    threads: int = 0,
    resamples: int = 1000,
    confidence: float = 0.95,
    progress: Progress = None,
) -> SensitivityAnalysis:
    """Compile an :class:`UncertaintyEngine` and run :meth:`UncertaintyEngine.sensitivity` once."""
    engine = UncertaintyEngine(framework, pipeline, data, inputs, nodes=nodes, year=year)
    return engine.sensitivity(
        base_samples=base_samples,
        seed=seed,
        threads=threads,
        resamples=resamples,
        confidence=confidence,
        progress=progress,
    )


# --- declaration files ----------------------------------------------------------------------------


def _declaration(inputs: UncertaintyDeclaration | Iterable[UncertainInput]) -> UncertaintyDeclaration:
    if isinstance(inputs, UncertaintyDeclaration):
        return inputs
    return UncertaintyDeclaration(_check_inputs(inputs))


def read_uncertain_inputs(path: str | os.PathLike[str]) -> UncertaintyDeclaration:
    """Read an uncertainty declaration file (TOML): ``.inputs`` (the typed inputs) and ``.analysis``
    (replicates, seed, nodes, year; None or empty where the file gives none). Errors name file,
    line and key.

    >>> import govindex as gi
    >>> text = 'inputs = [{ kind = "weights", factor = 0.25, levels = [2, 3] }]'
    >>> gi.parse_uncertain_inputs(text).inputs
    [WeightNoise(name='', factor=0.25, levels=[2, 3], nodes=[], renormalise=True)]
    """
    return _core.read_uncertain_inputs(path_argument("path", path))


def parse_uncertain_inputs(text: str, source: str = "<string>") -> UncertaintyDeclaration:
    """Parse uncertainty declaration TOML text; `source` names it in errors."""
    return _core.parse_uncertain_inputs(text, source)


def format_uncertain_inputs(inputs: UncertaintyDeclaration | Iterable[UncertainInput]) -> str:
    """A declaration (or a list of inputs) as TOML text: ``parse_uncertain_inputs(format_uncertain_inputs(d)) == d``."""
    return _core.format_uncertain_inputs(_declaration(inputs))


def write_uncertain_inputs(
    inputs: UncertaintyDeclaration | Iterable[UncertainInput], path: str | os.PathLike[str]
) -> None:
    """Write a declaration (or a list of inputs) to a TOML file."""
    _core.write_uncertain_inputs(_declaration(inputs), path_argument("path", path))

"""Pipelines: ordered typed steps (Score, Denominate, Impute, Screen, Treat, Normalise, Aggregate) run on
a framework and a data set."""

from __future__ import annotations

import os
from typing import Iterable, Union

from . import _core, _display
from ._core import Aggregate, Denominate, Impute, Normalise, Score, Screen, Treat
from ._errors import ArgumentTypeError, instance_argument, one_line, path_argument, shown
from .dataset import Dataset
from .framework import Framework
from .results import Results

#: Every step type (checked when made: a bad parameter is a MethodError at construction).
Step = Union[Score, Denominate, Impute, Screen, Treat, Normalise, Aggregate]
_STEP_TYPES = (Score, Denominate, Impute, Screen, Treat, Normalise, Aggregate)


class Pipeline:
    """An ordered list of steps; :meth:`run` keeps "Raw" and every step's data set.

    Pipelines compare equal step by step, print as the expression that makes them, and pickle.

    >>> import govindex as gi
    >>> pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])
    """

    __slots__ = ("_impl",)

    def __init__(self, steps: Iterable[Step] | _core.Pipeline) -> None:
        if isinstance(steps, _core.Pipeline):
            self._impl = steps
            return
        if isinstance(steps, (str, bytes)) or not isinstance(steps, Iterable):
            raise ArgumentTypeError(
                f"steps: expected a list of steps (Normalise, Aggregate ...), found {type(steps).__name__}"
            )
        steps = list(steps)
        for k, step in enumerate(steps):
            if not isinstance(step, _STEP_TYPES):
                found = (
                    f"the class {one_line(step.__name__)}"
                    if isinstance(step, type)
                    else f"{type(step).__name__} {shown(step, 100)}"
                )
                raise ArgumentTypeError(
                    f"steps[{k}]: expected a step (Score, Denominate, Impute, Screen, Treat, "
                    f"Normalise or Aggregate), found {found}"
                )
        self._impl = _core.Pipeline(steps)

    @property
    def steps(self) -> list[Step]:
        """The steps, in order."""
        return self._impl.steps

    def check(self, framework: Framework) -> None:
        """Check every step against the framework; raises MethodError naming step and node."""
        instance_argument("framework", framework, Framework)
        self._impl.check(framework._impl)

    def run(self, framework: Framework, data: Dataset) -> Results:
        """Run the steps; panel data run year by year except for the steps that use every year at once."""
        instance_argument("framework", framework, Framework)
        instance_argument("data", data, Dataset)
        return Results(self._impl.run(framework._impl, data._impl))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[Pipeline], tuple[_core.Pipeline]]:
        # Pickled through the compiled pipeline, whose state carries a format version.
        return (type(self), (self._impl,))

    def _repr_html_(self) -> str:
        rows = []
        for k, step in enumerate(self.steps, 1):
            method = getattr(step, "method", None)
            if method is not None:
                settings = repr(method)
                overrides = getattr(step, "per_node", None)
                if overrides:
                    settings += f"; per node: {', '.join(overrides)}"
            else:  # the step's own parameters, without its name
                text = repr(step)
                settings = text[text.find("(") + 1 : -1] if text.endswith(")") else text
            rows.append([k, type(step).__name__, settings])
        return _display.block(
            "Pipeline", [f"{len(rows)} steps"], _display.table(["#", "step", "method and settings"], rows)
        )

    def __repr__(self) -> str:
        return "Pipeline([" + ", ".join(repr(s) for s in self.steps) + "])"


def read_pipeline(path: str | os.PathLike[str]) -> Pipeline:
    """Read a pipeline file (TOML); errors name file, line and key."""
    return Pipeline(_core.read_pipeline(path_argument("path", path)))


def parse_pipeline(text: str, source: str = "<string>") -> Pipeline:
    """Parse pipeline TOML text; `source` names it in errors."""
    return Pipeline(_core.parse_pipeline(text, source))


def format_pipeline(pipeline: Pipeline) -> str:
    """The pipeline as TOML text (``parse_pipeline(format_pipeline(p)) == p``)."""
    return _core.format_pipeline(pipeline._impl)


def write_pipeline(pipeline: Pipeline, path: str | os.PathLike[str]) -> None:
    """Write a pipeline file (TOML)."""
    instance_argument("pipeline", pipeline, Pipeline)
    _core.write_pipeline(pipeline._impl, path_argument("path", path))

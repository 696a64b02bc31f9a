"""Times one build of COINr's ASEM example through govindex's Python API.

Variant "a": Normalise(MinMax(0, 100)) + Aggregate(ArithmeticMean()); variant "example": COINr's full
example build (denominate, impute by group mean, screen, treat, min-max, arithmetic mean). A build
is ``pipeline.run(framework, data)`` plus ``results.results_table()`` (the pandas table a Python
user asks for). Framework and data are read once.
Usage: ``python bench_build_asem.py ASEM_DIR VARIANT [REPS]`` (REPS >= 20, default 50). Prints:

    bench=build_asem_<VARIANT>_python reps=N median_s=X min_s=X threads=1 per_s=X
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import govindex

WARMUP_RUNS = 3
DEFAULT_REPS = 50
MIN_REPS = 20


def build(pipeline: govindex.Pipeline, framework: govindex.Framework, data: govindex.Dataset) -> float:
    """One build: run the pipeline, make the results table, return the first unit's index score."""
    table = pipeline.run(framework, data).results_table()
    return float(table.iloc[0, 1])


PIPELINES = {
    "a": lambda: govindex.Pipeline([govindex.Normalise(govindex.MinMax(low=0, high=100)), govindex.Aggregate()]),
    "example": lambda: govindex.Pipeline(
        [
            govindex.Denominate(missing_denominator_gives_missing=True),
            govindex.Impute(govindex.GroupMean(group="EurAsia_group")),
            govindex.Screen(min_availability=0.9),
            govindex.Treat(),
            govindex.Normalise(govindex.MinMax(low=0, high=100)),
            govindex.Aggregate(),
        ]
    ),
}


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or argv[2] not in PIPELINES:
        print(
            f"usage: {argv[0]} ASEM_DIR VARIANT [REPS]   "
            f"(VARIANT a or example; REPS >= {MIN_REPS}, default {DEFAULT_REPS})",
            file=sys.stderr,
        )
        return 2
    folder = Path(argv[1])
    variant = argv[2]
    reps = DEFAULT_REPS
    if len(argv) == 4:
        try:
            reps = int(argv[3])
        except ValueError:
            reps = -1
        if not MIN_REPS <= reps <= 1_000_000:
            print(
                f'bench_build_asem.py: REPS must be a whole number from {MIN_REPS} to 1000000, found "{argv[3]}"',
                file=sys.stderr,
            )
            return 2

    framework = govindex.read_framework(folder / "iMeta.csv")
    data = govindex.read_dataset(folder / "iData.csv", framework)
    pipeline = PIPELINES[variant]()

    total = 0.0
    for _ in range(WARMUP_RUNS):
        total += build(pipeline, framework, data)
    seconds = []
    for _ in range(reps):
        start = time.perf_counter()
        total += build(pipeline, framework, data)
        seconds.append(time.perf_counter() - start)

    median_s = statistics.median(seconds)
    print(
        f"bench=build_asem_{variant}_python reps={reps} median_s={median_s:.6g} min_s={min(seconds):.6g} "
        f"threads=1 per_s={1.0 / median_s:.6g}"
    )
    del total  # only there so each build's result is used
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

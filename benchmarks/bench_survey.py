"""survey_1m: 1,000,000 respondents x 50 items in 63 domains, every domain mean with its
linearisation SE, through govindex.survey.estimate and, when installed, the Python peer svy.

Data (numpy, seed 20261129): 63 provinces (the strata and the domains) x 40 communes (the PSUs,
2,520), 1,000,000 respondents spread uniformly over the communes, weights uniform in [50, 150),
50 items with answers 1..5 (a province effect plus noise, rounded). The design is built once
before timing (its time is printed in a comment); one timed run is
``gi.survey.estimate(design, items, "mean", by="province")``: 50 x 63 = 3,150 estimates with SEs,
intervals, deff and counts, as a DataFrame. The peer's timed run is
``svy.Sample(...).estimation.mean(items, by="province")`` on the same data (a polars DataFrame
made once before timing), with svy's thread pools at their defaults (the line's threads= is the
number of cores they may use). One warm-up run each.

Usage: bench_survey.py [REPS [PEER_REPS]]   (defaults 5 and 3)
Prints bench=survey_1m ... and, with svy, bench=survey_1m_svy ... lines (per_s = estimates per
second), then comment lines with the ratio and the largest differences between the two.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import govindex as gi
import numpy as np
import pandas as pd

N, DOMAINS, PSUS_PER_DOMAIN, ITEMS = 1_000_000, 63, 40, 50


def make_data() -> pd.DataFrame:
    rng = np.random.default_rng(20261129)
    commune = rng.integers(0, DOMAINS * PSUS_PER_DOMAIN, N)
    province = commune // PSUS_PER_DOMAIN
    effect = rng.normal(0, 0.5, DOMAINS)[province]
    columns = {"province": province.astype(np.int64), "commune": commune.astype(np.int64), "w": rng.uniform(50, 150, N)}
    for j in range(ITEMS):
        columns[f"q{j + 1:02d}"] = np.clip(np.round(3.2 + effect + rng.normal(0, 1.1, N)), 1, 5)
    return pd.DataFrame(columns)


def timed(reps: int, call) -> tuple[list[float], object]:
    result = call()  # warm-up
    seconds = []
    for _ in range(reps):
        start = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def line(name: str, seconds: list[float], estimates: int, threads: int = 1) -> float:
    med = statistics.median(seconds)
    print(
        f"bench={name} reps={len(seconds)} median_s={med:.6g} min_s={min(seconds):.6g} threads={threads} "
        f"per_s={estimates / med:.6g}",
        flush=True,
    )
    return med


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    peer_reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = make_data()
    items = [f"q{j + 1:02d}" for j in range(ITEMS)]
    start = time.perf_counter()
    design = gi.survey.Design(data, weights="w", strata="province", clusters="commune")
    build = time.perf_counter() - start
    seconds, ours = timed(reps, lambda: gi.survey.estimate(design, items, "mean", by="province"))
    assert isinstance(ours, pd.DataFrame) and len(ours) == ITEMS * DOMAINS and ours["se"].notna().all()
    med = line("survey_1m", seconds, ITEMS * DOMAINS)
    print(
        f"# bench=survey_1m design_build_s={build:.3g} estimates={len(ours)} psus={design.psus} "
        f"strata={design.strata_count}",
        flush=True,
    )
    # JK1 replicate design: one stratum of 50 clusters (communes grouped), 50 delete-one replicates; the same
    # first 10 items' means in 63 domains with replicate SEs (threads: every core). Each replicate
    # re-reads the rows per item, so this costs about replicates x the linearisation call.
    jk_data = data.assign(cluster=data["commune"] % 50)
    start = time.perf_counter()
    jk1 = gi.survey.replicate(gi.survey.Design(jk_data, weights="w", clusters="cluster"), "jk1")
    jk_build = time.perf_counter() - start
    jk_seconds, jk = timed(1, lambda: gi.survey.estimate(jk1, items[:10], "mean", by="province"))
    assert len(jk) == 10 * DOMAINS and jk["se"].notna().all()
    line("survey_1m_jk1", jk_seconds, 10 * DOMAINS, threads=os.cpu_count() or 1)
    print(f"# bench=survey_1m_jk1 replicates={jk1.replicates} design_build_s={jk_build:.3g}", flush=True)
    try:
        import polars as pl
        import svy
    except ImportError as e:
        print(
            f"# bench=survey_1m_svy skipped: the peer is not installed ({e}); "
            "install it with .venv/bin/pip install svy",
            flush=True,
        )
        return
    frame = pl.from_pandas(data)
    sample = svy.Sample(frame, svy.Design(stratum="province", psu="commune", wgt="w"))
    peer_seconds, theirs = timed(peer_reps, lambda: sample.estimation.mean(items, by="province"))
    # svy runs on polars and its Rust core with their own thread pools, left at their defaults:
    # up to every core of the machine (threads= says how many there are).
    peer_med = line("survey_1m_svy", peer_seconds, ITEMS * DOMAINS, threads=os.cpu_count() or 1)
    # Compare: every (item, province) estimate and SE.
    got = ours.set_index(["variable", "domain"])
    worst_est = worst_se = 0.0
    for item, est in zip(items, theirs):
        table = est.to_polars().to_pandas()
        for _, row in table.iterrows():
            mine = got.loc[(item, str(int(row["province"])))]
            worst_est = max(worst_est, abs(mine["estimate"] - row["est"]) / abs(row["est"]))
            worst_se = max(worst_se, abs(mine["se"] - row["se"]) / abs(row["se"]))
    print(
        f"# survey_1m: svy {svy.__version__} median / govindex median = {peer_med / med:.3g}; largest relative "
        f"difference of the {len(ours)} estimates {worst_est:.2g}, of their SEs {worst_se:.2g}",
        flush=True,
    )


if __name__ == "__main__":
    main()

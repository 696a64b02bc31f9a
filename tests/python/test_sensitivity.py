"""Sobol' indices: the same estimates as SALib 1.6 on SALib's own design, analytic values of the
Ishigami and G functions, the Sobol' sequence, determinism and argument errors."""

from __future__ import annotations

import math

import govindex as gi
import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol
from SALib.sample import sobol as salib_sample
from scipy.stats import qmc

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1
G_A = np.array([0.0, 1.0, 4.5, 9.0, 99.0, 99.0])


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + ISHIGAMI_A * np.sin(x[:, 1]) ** 2 + ISHIGAMI_B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_analytic() -> tuple[np.ndarray, np.ndarray]:
    """Ishigami & Homma (1990); partial variances from Sobol' & Levitan (1999)."""
    v1 = 0.5 * (1 + ISHIGAMI_B * math.pi**4 / 5) ** 2
    v2 = ISHIGAMI_A**2 / 8
    v13 = ISHIGAMI_B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def g_function(x: np.ndarray) -> np.ndarray:
    return np.prod((np.abs(4 * x - 2) + G_A) / (1 + G_A), axis=1)


def g_analytic() -> tuple[np.ndarray, np.ndarray]:
    vi = 1 / (3 * (1 + G_A) ** 2)
    prod = np.prod(1 + vi)
    v = prod - 1
    return vi / v, vi * prod / (1 + vi) / v


def problem(d: int, low: float, high: float) -> dict:
    return {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[low, high]] * d}


def split(y: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """SALib's interleaved outputs (rows A, AB_1 ... AB_d, B per base point) as y_a, y_b, y_ab,
    as SALib.analyze.sobol.separate_output_values does without second order."""
    step = d + 2
    return y[0::step], y[step - 1 :: step], [y[i + 1 :: step] for i in range(d)]


def salib_indices(prob: dict, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    si = salib_sobol.analyze(prob, y, calc_second_order=False, num_resamples=2, seed=1)
    return si["S1"], si["ST"]


def own_design(model, n: int, d: int, low: float, high: float):
    """The Saltelli design from sobol_points(n, 2d): A the first d columns, B the last d."""
    u = gi.sobol_points(n, 2 * d)
    x_a = low + (high - low) * u[:, :d]
    x_b = low + (high - low) * u[:, d:]
    y_ab = []
    for i in range(d):
        x = x_a.copy()
        x[:, i] = x_b[:, i]
        y_ab.append(model(x))
    return model(x_a), model(x_b), y_ab


@pytest.mark.parametrize(
    ("model", "d", "low", "high"),
    [(ishigami, 3, -math.pi, math.pi), (g_function, 6, 0.0, 1.0)],
    ids=["ishigami", "g_function"],
)
def test_point_estimates_equal_salib(model, d, low, high):
    prob = problem(d, low, high)
    x = salib_sample.sample(prob, 1024, calc_second_order=False, seed=3)
    y = model(x)
    s1, st = salib_indices(prob, y)
    y_a, y_b, y_ab = split(y, d)
    ours = gi.sobol_indices(y_a, y_b, y_ab, resamples=0)
    assert ours.first.shape == (1, d)
    np.testing.assert_allclose(ours.first[0], s1, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.total[0], st, rtol=0, atol=1e-9)


def test_two_outputs_equal_salib_column_by_column():
    prob = problem(3, -math.pi, math.pi)
    x = salib_sample.sample(prob, 512, calc_second_order=False, seed=5)
    y = np.column_stack([ishigami(x), x[:, 0] * x[:, 1] + 0.2 * x[:, 2] ** 2 + 100.0])
    y_a, y_b, y_ab = split(y, 3)
    ours = gi.sobol_indices(y_a, y_b, y_ab, resamples=50, seed=2)
    assert ours.first.shape == (2, 3)
    for k in range(2):
        s1, st = salib_indices(prob, y[:, k])
        np.testing.assert_allclose(ours.first[k], s1, rtol=0, atol=1e-9)
        np.testing.assert_allclose(ours.total[k], st, rtol=0, atol=1e-9)
        both = np.concatenate([y_a[:, k], y_b[:, k]])
        assert ours.variance[k] == pytest.approx(both.var(), rel=1e-12)


def test_bootstrap_intervals_as_wide_as_salib_confidence():
    """Percentile intervals here, normal-approximation half-widths (z * bootstrap sd) in SALib: on
    the same outputs half an interval is close to SALib's S1_conf and ST_conf."""
    prob = problem(3, -math.pi, math.pi)
    x = salib_sample.sample(prob, 2048, calc_second_order=False, seed=3)
    y = ishigami(x)
    si = salib_sobol.analyze(prob, y, calc_second_order=False, num_resamples=500, seed=2)
    ours = gi.sobol_indices(*split(y, 3), resamples=500, seed=2)
    np.testing.assert_allclose((ours.first_high - ours.first_low)[0] / 2, si["S1_conf"], rtol=0.25)
    np.testing.assert_allclose((ours.total_high - ours.total_low)[0] / 2, si["ST_conf"], rtol=0.25)
    assert ((ours.first_low <= ours.first) & (ours.first <= ours.first_high)).all()
    assert ((ours.total_low <= ours.total) & (ours.total <= ours.total_high)).all()


def test_ishigami_near_analytic_with_intervals():
    first, total = ishigami_analytic()
    assert first == pytest.approx([0.3139, 0.4424, 0.0], abs=5e-5)
    assert total == pytest.approx([0.5576, 0.4424, 0.2437], abs=5e-5)
    y_a, y_b, y_ab = own_design(ishigami, 2**14, 3, -math.pi, math.pi)
    s = gi.sobol_indices(y_a, y_b, y_ab, resamples=200, confidence=0.9, seed=4)
    np.testing.assert_allclose(s.first[0], first, atol=0.01)
    np.testing.assert_allclose(s.total[0], total, atol=0.01)
    assert (s.first_low <= s.first_high).all() and (s.total_low <= s.total_high).all()
    assert (s.first_high - s.first_low < 0.1).all() and (s.total_high - s.total_low < 0.1).all()
    assert (s.n, s.resamples, s.confidence, s.seed) == (2**14, 200, 0.9, 4)
    assert repr(s) == "SobolIndices(outputs=1, factors=3, n=16384, resamples=200, confidence=0.9, seed=4)"


def test_g_function_near_analytic():
    first, total = g_analytic()
    y_a, y_b, y_ab = own_design(g_function, 2**14, 6, 0.0, 1.0)
    s = gi.sobol_indices(y_a, y_b, y_ab, resamples=0)
    np.testing.assert_allclose(s.first[0], first, atol=0.01)
    np.testing.assert_allclose(s.total[0], total, atol=0.01)
    assert np.isnan(s.first_low).all() and np.isnan(s.total_high).all()


def test_results_are_read_only_and_identical_for_any_thread_count():
    y_a, y_b, y_ab = own_design(ishigami, 256, 3, -math.pi, math.pi)
    one = gi.sobol_indices(y_a, y_b, y_ab, resamples=130, seed=9, threads=1)
    two = gi.sobol_indices(y_a, y_b, y_ab, resamples=130, seed=9, threads=2)
    assert one == two
    for name in ("first", "total", "first_low", "first_high", "total_low", "total_high"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
    other = gi.sobol_indices(y_a, y_b, y_ab, resamples=130, seed=10)
    assert other != one
    assert np.array_equal(other.first, one.first)
    assert not np.array_equal(other.first_low, one.first_low)
    assert not one.first.flags.writeable
    with pytest.raises(ValueError):
        one.first[0, 0] = 1.0
    with pytest.raises(AttributeError):
        one.first = np.zeros((1, 3))


def test_sobol_points_are_the_unscrambled_sequence_without_the_origin():
    p = gi.sobol_points(5, 2)
    np.testing.assert_array_equal(p, [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875]])
    np.testing.assert_array_equal(gi.sobol_points(3, 2, skip=2), p[2:])
    # SciPy's unscrambled Sobol' (the same Joe-Kuo direction numbers) starts at the origin
    scipy_points = qmc.Sobol(d=8, scramble=False).random_base2(m=10)
    np.testing.assert_array_equal(gi.sobol_points(1023, 8), scipy_points[1:])
    many = gi.sobol_points(4096, 50)
    assert ((many > 0) & (many < 1)).all()


def test_bad_arguments_raise_method_errors():
    y = np.arange(10.0).reshape(5, 2)
    with pytest.raises(ValueError, match=r"y_a: expected at least 2 rows \(base sample size N >= 2\), found 1 rows"):
        gi.sobol_indices(y[:1], y[:1], [y[:1]])
    with pytest.raises(gi.MethodError, match=r"y_ab\[1\]: expected the shape of y_a, 5 x 2, found 4 x 2") as caught:
        gi.sobol_indices(y, y, [y, y[:4]])
    assert (caught.value.column, caught.value.expected, caught.value.found) == (
        "y_ab[1]",
        "the shape of y_a, 5 x 2",
        "4 x 2",
    )
    with pytest.raises(gi.MethodError, match="y_ab: expected at least one factor"):
        gi.sobol_indices(y, y, [])
    with pytest.raises(gi.MethodError, match=r"confidence: expected a level in \(0, 1\), found 1.5"):
        gi.sobol_indices(y, y, [y], confidence=1.5)
    bad = y.copy()
    bad[3, 1] = np.nan
    with pytest.raises(
        gi.MethodError, match=r"y_b row 3, output 1 \(0-based\): expected a finite model output, found NaN"
    ) as caught:
        gi.sobol_indices(y, bad, [y])
    assert (caught.value.column, caught.value.line, caught.value.found) == ("y_b", 4, "NaN")
    with pytest.raises(
        gi.MethodError, match=r"dimensions: expected 1 to 3667 \(Boost.Random's Sobol' direction numbers\), found 3668"
    ):
        gi.sobol_points(4, 3668)
    with pytest.raises(ValueError, match="sobol_points: dimensions: expected 1 to 3667 .*, found 0"):
        gi.sobol_points(4, 0)


def test_compiled_calls_name_an_out_of_range_int():
    """sobol_points(2**64, 2) gave pybind11's signature dump; sizes beyond the bound a MemoryError."""
    with pytest.raises(gi.ArgumentValueError, match=r"^sobol_points\(\): argument n: expected an int within") as info:
        gi.sobol_points(2**64, 2)
    assert len(str(info.value)) < 150
    with pytest.raises(gi.ArgumentValueError, match=r"argument n: expected an int within"):
        gi.sobol_points(-1, 2)
    with pytest.raises(gi.MethodError, match=r"sobol_points: n = 1099511627776 needs more than"):
        gi.sobol_points(2**40, 2)
    y = np.random.default_rng(1).random((8, 1))
    with pytest.raises(gi.MethodError, match=r"sobol_indices: resamples = 1099511627776 needs more than"):
        gi.sobol_indices(y, y + 1, [y + 2], resamples=2**40)

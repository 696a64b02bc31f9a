"""The repository's copies of ../shared files are up to date (skipped where ../shared is absent).

The tests read only what is in the repository: the shipped data under ``data/`` and COINr's
results under ``tests/reference/coinr``. Those are copies of ``../shared`` (the team's source of
truth); this module is the refresh check: when ``../shared`` is beside the checkout, every copy
must equal its original byte for byte. Refresh a copy with ``cp`` from the path in the message.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside this checkout")

# (folder in ../shared, folder in the repository, file pattern)
COPIES = [
    ("data/asem", "data/asem", "i*.csv"),
    ("data/asem", "data/world_denoms", "WorldDenoms.csv"),
    ("data/vn", "data/vn", "*.csv"),
    ("data/vn-admin", "data/vn-admin", "*.csv"),
    ("reference/coinr", "tests/reference/coinr", "*"),
    ("reference/survey", "tests/reference/survey", "*"),
    ("data/api", "tests/reference/survey/data", "apistrat.csv"),
    ("data/api", "tests/reference/survey/data", "apiclus1.csv"),
    ("data/api", "tests/reference/survey/data", "README.md"),
]


def _pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for shared, ours, pattern in COPIES:
        for original in sorted((SHARED / shared).glob(pattern)):
            pairs.append((original, ROOT / ours / original.name))
    return pairs


def test_every_copy_equals_its_original_in_shared():
    pairs = _pairs()
    assert len(pairs) > 70
    stale = [
        f"{ours.relative_to(ROOT)} (from {original})"
        for original, ours in pairs
        if not ours.is_file() or not filecmp.cmp(original, ours, shallow=False)
    ]
    assert not stale, "stale or missing copies: " + "; ".join(stale)

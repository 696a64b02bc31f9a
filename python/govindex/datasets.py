"""Example data shipped with govindex."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import _core
from ._errors import error
from .dataset import Dataset, read_dataset
from .framework import Framework, read_framework


def examples() -> list[str]:
    """Names of the shipped example indices: the data sets with a framework and data (iMeta.csv,
    iData.csv), e.g. "asem"."""
    root = Path(str(resources.files("govindex"))) / "data"
    return sorted(p.name for p in root.iterdir() if (p / "iMeta.csv").is_file() and (p / "iData.csv").is_file())


def path(name: str) -> Path:
    """Folder of a shipped data set ("asem"): iMeta.csv, iData.csv and a README."""
    folder = Path(str(resources.files("govindex"))) / "data" / name
    if not folder.is_dir():
        available = sorted(p.name for p in folder.parent.iterdir() if p.is_dir()) if folder.parent.is_dir() else []
        expected = f"one of {', '.join(available) or '(none installed)'}"
        raise error(
            _core.UnknownCodeError,
            f'no shipped data set "{name}"; expected {expected}',
            source=str(folder.parent),
            expected=expected,
            found=name,
        )
    return folder


def world_denoms() -> _core.DenominatorTable:
    """COINr's WorldDenoms table (World Bank, 2019): GDP, population, area, GDP per capita by uCode.

    Attach it to a data set with ``govindex.with_denominators(data, table)``.
    """
    return _core.read_denominators(path("world_denoms") / "WorldDenoms.csv")


def asem() -> tuple[Framework, Dataset]:
    """COINr's ASEM example: 51 countries, 49 indicators, 8 pillars, 2 sub-indices, 1 index."""
    folder = path("asem")
    framework = read_framework(folder / "iMeta.csv")
    return framework, read_dataset(folder / "iData.csv", framework)

"""The Vietnamese domain layer, on top of the generic library.

- :mod:`govindex.vn.provinces`: the 63 provinces (pre-2025 geography) and 6 regions, found by code
  or any accepted name (NFC, diacritics optional).
- :mod:`govindex.vn.geography`: the 2025 geography (63 provinces -> 34 units from 1 July 2025):
  look-up of old and new names, derived figures for the new units with stated weights.
- :mod:`govindex.vn.published`: the shipped tables of PAPI, PCI and PAR INDEX (data/vn).
- :mod:`govindex.vn.indices`: the published totals recomputed through the generic pipeline (PAPI
  totals, PCI composites, PAR INDEX components), weight recovery, methods by assessment year.
- :mod:`govindex.vn.ranking`: PAR INDEX groups and PAPI quartile groups.
- :mod:`govindex.vn.history`: ranks and changes over the years (PAPI per province, every shipped year).
- :mod:`govindex.vn.cli`: the ``report``, ``papi``, ``pci`` and ``par-index`` commands and
  ``--index papi|pci`` for ``plan`` and ``explain-change``.

The generic library never imports this layer; on import it registers what it adds: the provinces'
names as a unit resolver (:mod:`govindex.unit_names`, so plots, unit reports and commands find a
province by any accepted name) and its commands (:mod:`govindex._cli_support`).

The methodologies of PAR INDEX, PAPI and PCI are data (``data/vn/methodologies/*.toml``) read by the
generic :mod:`govindex.methodology`.

>>> from govindex.vn import indices, published
>>> totals = indices.papi_totals(published.papi(2020), 2020)
"""

from __future__ import annotations

from . import cli, geography, history, indices, provinces, published, ranking, report

__all__ = ["cli", "geography", "history", "indices", "provinces", "published", "ranking", "report"]

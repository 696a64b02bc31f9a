"""Frames made safe for a workbook: Excel cannot hold the C0 control characters (except tab and
line breaks) that a data file may carry in a name, so openpyxl refuses them. They are written as
visible escapes instead (``\\x01``), in cells and in index and column labels, and the rest of the
text is kept as it is."""

from __future__ import annotations

import re

import pandas as pd

# As openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE: what a worksheet cell cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _escape(value: object) -> object:
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with control characters in its text cells and labels written as ``\\xNN`` (a copy
    only when something had to change)."""
    text_columns = [
        c for c in frame.columns if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]
    changed = any(frame[c].map(lambda v: isinstance(v, str) and bool(_ILLEGAL.search(v))).any() for c in text_columns)
    labels = list(frame.columns) + list(frame.index.to_flat_index())
    changed = changed or any(_escape(x) is not x for x in labels if isinstance(x, str))
    if not changed:
        return frame
    out = frame.copy()
    for c in text_columns:
        out[c] = out[c].map(_escape)
    out.columns = [_escape(c) for c in out.columns]
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([tuple(_escape(v) for v in t) for t in out.index], names=out.index.names)
    else:
        out.index = pd.Index([_escape(v) for v in out.index], name=out.index.name)
    return out

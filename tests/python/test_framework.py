"""Framework: iMeta CSV and DataFrame input, look-ups, NFC, located errors."""

from __future__ import annotations

import unicodedata

import govindex as gi
import pandas as pd
import pytest
from conftest import ASEM


def small_meta() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "P", "Q", "I", "grp"],
            "iName": ["Chỉ số A", "B", "C", "Lĩnh vực P", "Q", "Index", "Vùng"],
            "Level": [1, 1, 1, 2, 2, 3, None],
            "Parent": ["P", "P", "Q", "I", "I", None, None],
            "Direction": [1, -1, 1, 1, 1, 1, None],
            "Weight": [1, 2, 1, 1, 1, 1, None],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3 + ["Group"],
        }
    )


def test_asem_structure(asem):
    framework, _ = asem
    assert framework.root == "Index" and framework.max_level == 4
    assert len(framework.indicators) == 49
    assert framework.children("Conn") == ["Physical", "ConEcFin", "Political", "Instit", "P2P"]
    assert framework.node("CostImpEx").direction == -1
    assert framework.weights()["Sust"] == 1.0
    assert repr(framework) == 'Framework(49 indicators, 11 aggregates, 4 levels, root "Index")'


def test_frame_round_trip(asem):
    framework, _ = asem
    again = gi.Framework.from_frame(framework.to_frame())
    assert again.tree_codes == framework.tree_codes
    assert [n.name for n in again.nodes] == [n.name for n in framework.nodes]
    assert again.to_frame().equals(framework.to_frame())
    assert gi.Framework.from_frame(pd.read_csv(ASEM / "iMeta.csv")).tree_codes == framework.tree_codes


def test_vietnamese_names_nfd_equal_nfc():
    nfd = small_meta()
    nfd["iName"] = [unicodedata.normalize("NFD", s) for s in nfd["iName"]]
    nfd["iCode"] = [unicodedata.normalize("NFD", s) for s in nfd["iCode"]]
    framework = gi.Framework.from_frame(nfd)
    assert framework.node("a").name == "Chỉ số A"  # stored NFC, diacritics kept
    assert framework.node("a").name == unicodedata.normalize("NFC", "Chỉ số A")


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            lambda m: m.assign(iCode=["a", "a", "c", "P", "Q", "I", "grp"]),
            gi.FrameworkError,
            r'DataFrame row 2, column "iCode": duplicate code "a"; expected unique codes \(first defined on line 1\)',
        ),
        (
            lambda m: m.assign(Parent=["P", "X", "Q", "I", "I", None, None]),
            gi.FrameworkError,
            r'DataFrame row 2, column "Parent": unknown parent "X" of "b"; expected the code of an Aggregate row',
        ),
        (
            lambda m: m.assign(Weight=[1, -2, 1, 1, 1, 1, None]),
            gi.FrameworkError,
            r'DataFrame row 2, column "Weight": expected a finite number >= 0 for "b", found -2',
        ),
        (
            lambda m: m.assign(Weight=[0, 0, 1, 1, 1, 1, None]),
            gi.FrameworkError,
            r'DataFrame row 1, column "Weight": every child of "P" has weight 0',
        ),
        (
            lambda m: m.assign(Level=[1, 1, 1, 2, 3, 3, None]),
            gi.FrameworkError,
            r'DataFrame row 3, column "Level": "c" has level 1 but its parent "Q" has level 3; expected 2',
        ),
        (
            lambda m: m.assign(Weight=[1, "n/a", 1, 1, 1, 1, None]),
            gi.InputError,
            r'DataFrame row 2, column "Weight": expected a number \(or empty/NA for missing\), found "n/a"',
        ),
        (lambda m: m.drop(columns="Type"), gi.InputError, r'DataFrame, column "Type": missing required column'),
    ],
)
def test_bad_framework_frames_are_located(change, error, message):
    with pytest.raises(error, match=message):
        gi.Framework.from_frame(change(small_meta()))


def test_weight_set_refuses_two_spellings_of_one_code():
    """with_weight_set took the NFC and NFD spellings of one code and one of them won silently."""
    meta = small_meta()
    meta.loc[0, "iCode"] = "\u00e1"  # "á" (NFC)
    framework = gi.Framework.from_frame(meta)
    nfc, nfd = "\u00e1", "a\u0301"
    assert framework.with_weight_set("w", {nfd: 3.0}).weights("w")[nfc] == 3.0  # one spelling: fine
    with pytest.raises(gi.FrameworkError, match="another spelling") as info:
        framework.with_weight_set("w", {nfc: 1.0, nfd: 5.0})
    assert nfc in str(info.value) and nfd in str(info.value) and info.value.node == nfc
    # A number and its text are one key too.
    with pytest.raises(gi.FrameworkError, match="given twice"):
        gi.Framework.from_frame(small_meta()).with_weight_set("w", {"b": 1.0, "a": 1.0, 1: 2.0, "1": 3.0})

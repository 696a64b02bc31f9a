"""Seeded mutation fuzzing of the public readers of user files (issue 12).

Each shipped file (framework and data CSV, uncertainty TOML, a pipeline file, a methodology family)
is mutated a few hundred times: byte flips, truncations, duplicated/deleted/swapped lines, inserted
quotes, commas, newlines and brackets, numbers replaced by huge values, NaN and inf, invalid UTF-8,
NFD text. Every input must either read or raise a ``gi.Error`` subclass whose message is one line;
any other exception type (or a crash of the interpreter) fails the test. The mutations come from
``random.Random`` seeded per target, so the same seed gives byte-for-byte the same inputs and a
failure names the seed and case number that reproduce it (``mutate(original, Random(f"{seed}:{i}"))``).

Text readers (``parse_pipeline``, ``parse_uncertain_inputs``) get a ``str`` when the mutated bytes
are valid UTF-8, and otherwise read the bytes from a file (``read_pipeline`` / ``read_uncertain_inputs``),
so invalid UTF-8 is tried through the same code as a file would be.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path
from typing import Callable

import govindex as gi
import govindex.methodology as gm
import pytest
from conftest import ASEM, VN

SEED = 20261129

# Replacement numbers: beyond double range, at its edges, not numbers at all, integers past 32/64 bits.
NUMBERS = [
    b"1e400",
    b"-1e400",
    b"1.7976931348623157e308",
    b"4.9e-324",
    b"nan",
    b"NaN",
    b"-nan",
    b"inf",
    b"-inf",
    b"Infinity",
    b"99999999999999999999999",
    b"4294967301",
    b"2147483648",
    b"-9223372036854775809",
    b"0x10",
    b"1_000",
    b"1e",
    b"--1",
    b"+",
    b".",
    b"1,5",
    b"\xd9\xa3",
]  # last: Arabic-Indic digit three
INSERTS = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"'",
    b"=",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"}",
    b"#",
    b"\\",
    b"\x00",
    b"\t",
    b'"""',
    b"'''",
    b" ",
    b"\xef\xbb\xbf",
]
BAD_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80", b"\xe2\x82"]


def _digits_span(data: bytes, rng: random.Random) -> tuple[int, int] | None:
    """A random run of digits (with its sign, point and exponent) in `data`, or None if there is none."""
    starts = [i for i in range(len(data)) if data[i : i + 1].isdigit() and (i == 0 or not data[i - 1 : i].isdigit())]
    if not starts:
        return None
    begin = end = rng.choice(starts)
    while end < len(data) and data[end : end + 1] in b"0123456789.eE+-":
        end += 1
    return begin, end


def mutate_once(data: bytes, rng: random.Random) -> bytes:
    """One random mutation of `data`."""
    kind = rng.randrange(11)
    pos = rng.randrange(len(data) + 1)
    lines = data.split(b"\n")
    if kind == 0:  # flip a few bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 1:  # truncate
        return data[:pos]
    if kind == 2:  # duplicate a line
        i = rng.randrange(len(lines))
        return b"\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    if kind == 3:  # delete a line
        i = rng.randrange(len(lines))
        return b"\n".join(lines[:i] + lines[i + 1 :])
    if kind == 4:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if kind == 5:  # insert a syntax character
        return data[:pos] + rng.choice(INSERTS) + data[pos:]
    if kind in (6, 7):  # replace a number by a hostile one
        span = _digits_span(data, rng)
        if span is None:
            return data[:pos] + rng.choice(NUMBERS) + data[pos:]
        return data[: span[0]] + rng.choice(NUMBERS) + data[span[1] :]
    if kind == 8:  # invalid UTF-8
        return data[:pos] + rng.choice(BAD_UTF8) + data[pos:]
    if kind == 9:  # NFD text: the whole file, or one decomposed letter inserted
        text = data.decode("utf-8", errors="surrogateescape")
        if rng.random() < 0.5:
            return unicodedata.normalize("NFD", text).encode("utf-8", errors="surrogateescape")
        return data[:pos] + "e\u0301\u1ec7\u200b".encode() + data[pos:]
    # empty or whitespace-only lines, or a long run of one character
    return data[:pos] + rng.choice([b"", b"\n\n", b"   \n", b"x" * 5000, b"9" * 400]) + data[pos:]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three stacked mutations."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        data = mutate_once(data, rng)
    return data


def inputs(original: bytes, target: str, count: int) -> list[bytes]:
    """`count` mutated versions of `original`, the same for the same seed and target."""
    return [mutate(original, random.Random(f"{SEED}:{target}:{i}")) for i in range(count)]


def check_all(cases: list[bytes], read: Callable[[bytes], object], target: str) -> int:
    """Feeds every case to `read`; returns how many read. Fails on a non-govindex error or a multi-line message."""
    accepted = 0
    for i, case in enumerate(cases):
        try:
            read(case)
            accepted += 1
        except gi.Error as err:
            message = str(err)
            assert message and "\n" not in message and "\r" not in message, (
                f"{target} case {i}: {type(err).__name__} message is not one line: {message[:300]!r}"
            )
        except Exception as err:  # noqa: BLE001 - the point of the test
            pytest.fail(
                f"{target} case {i} (seed {SEED}): {type(err).__name__} instead of a gi.Error: "
                f"{str(err)[:300]!r}; input starts {case[:120]!r}"
            )
    return accepted


def _file_reader(tmp_path: Path, name: str, read: Callable[[Path], object]) -> Callable[[bytes], object]:
    path = tmp_path / name

    def run(case: bytes) -> object:
        path.write_bytes(case)
        return read(path)

    return run


def _text_reader(
    tmp_path: Path, name: str, parse: Callable[[str], object], read: Callable[[Path], object]
) -> Callable[[bytes], object]:
    """`parse` the text when the bytes are UTF-8 (the string API), else `read` them from a file."""
    from_file = _file_reader(tmp_path, name, read)

    def run(case: bytes) -> object:
        try:
            text = case.decode("utf-8")
        except UnicodeDecodeError:
            return from_file(case)
        return parse(text)

    return run


def test_mutation_is_deterministic() -> None:
    original = (ASEM / "iMeta.csv").read_bytes()
    assert inputs(original, "iMeta", 50) == inputs(original, "iMeta", 50)
    assert len(set(inputs(original, "iMeta", 50))) > 40  # and the cases differ from each other


def test_fuzz_read_framework(tmp_path: Path) -> None:
    cases = inputs((ASEM / "iMeta.csv").read_bytes(), "iMeta", 1000)
    accepted = check_all(cases, _file_reader(tmp_path, "iMeta.csv", gi.read_framework), "read_framework")
    assert 0 < accepted < len(cases)  # the mutations reach both outcomes


def test_fuzz_read_dataset(tmp_path: Path, asem: tuple[gi.Framework, gi.Dataset]) -> None:
    framework = asem[0]
    cases = inputs((ASEM / "iData.csv").read_bytes(), "iData", 800)
    accepted = check_all(
        cases, _file_reader(tmp_path, "iData.csv", lambda p: gi.read_dataset(p, framework)), "read_dataset"
    )
    assert 0 < accepted < len(cases)


def test_fuzz_parse_uncertain_inputs(tmp_path: Path) -> None:
    cases = inputs((ASEM / "uncertainty.toml").read_bytes(), "uncertainty", 1000)
    accepted = check_all(
        cases,
        _text_reader(tmp_path, "uncertainty.toml", gi.parse_uncertain_inputs, gi.read_uncertain_inputs),
        "parse_uncertain_inputs",
    )
    assert 0 < accepted < len(cases)


def test_fuzz_parse_pipeline(tmp_path: Path) -> None:
    pipeline = gi.Pipeline(
        [
            gi.Denominate(),
            gi.Impute(gi.IndicatorMean()),
            gi.Treat(),
            gi.Normalise(gi.MinMax(low=0, high=100)),
            gi.Aggregate(gi.GeometricMean()),
        ]
    )
    original = gi.format_pipeline(pipeline).encode()
    cases = inputs(original, "pipeline", 1000)
    accepted = check_all(
        cases, _text_reader(tmp_path, "pipeline.toml", gi.parse_pipeline, gi.read_pipeline), "parse_pipeline"
    )
    assert 0 < accepted < len(cases)


def test_fuzz_read_methodology_family(tmp_path: Path) -> None:
    cases = inputs((VN / "methodologies" / "par_index.toml").read_bytes(), "par_index", 600)
    accepted = check_all(cases, _file_reader(tmp_path, "par_index.toml", gm.read_family), "read_family")
    assert 0 < accepted < len(cases)


def test_a_cell_with_a_newline_is_quoted_on_one_line(tmp_path: Path) -> None:
    # Found by the fuzzer: the message repeated a quoted CSV cell's newline, so it took three lines.
    meta = (ASEM / "iMeta.csv").read_text(encoding="utf-8").replace('"Aggregate"', '"Aggre\n\ngate"', 1)
    path = tmp_path / "iMeta.csv"
    path.write_text(meta, encoding="utf-8")
    with pytest.raises(gi.InputError) as caught:
        gi.read_framework(path)
    message = str(caught.value)
    assert "\n" not in message and 'unknown type "Aggre\\n\\ngate"' in message
    assert caught.value.found == "Aggre\n\ngate"  # the data keeps the cell as it was

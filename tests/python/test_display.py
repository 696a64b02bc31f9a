"""Export (Results.to_excel, to_csv) and the Jupyter summaries (_repr_html_)."""

from __future__ import annotations

from html.parser import HTMLParser

import govindex as gi
import numpy as np
import openpyxl
import pandas as pd
import pytest
from govindex._display import sheet_names
from govindex.vn import published

VOID = {"br", "hr", "img", "meta", "input", "col", "wbr"}


class _Balanced(HTMLParser):
    """Collects the text and fails on any end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def html_text(markup: str) -> str:
    """The text of `markup`, after checking its tags balance."""
    parser = _Balanced()
    parser.feed(markup)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed: {parser.stack}"
    return "".join(parser.text)


def _papi(year: int = 2020) -> tuple[gi.Framework, gi.Dataset]:
    """PAPI's eight dimensions summed per province: a framework and data with Vietnamese names."""
    dims = [f"d{k}" for k in range(1, 9)]
    rows = [
        {
            "iCode": d,
            "iName": f"Chiều {d[1]}",
            "Level": 1,
            "Parent": "PAPI",
            "Direction": 1,
            "Weight": 1.0,
            "Type": "Indicator",
        }
        for d in dims
    ]
    rows.append(
        {
            "iCode": "PAPI",
            "iName": "Chỉ số Hiệu quả Quản trị & Hành chính công",
            "Level": 2,
            "Parent": "",
            "Direction": 1,
            "Weight": 1.0,
            "Type": "Aggregate",
        }
    )
    framework = gi.Framework.from_frame(pd.DataFrame(rows))
    papi = published.papi(year)
    frame = papi.reset_index()[["province_code", "province", *dims]].rename(
        columns={"province_code": "uCode", "province": "uName"}
    )
    return framework, gi.Dataset.from_frame(frame, framework)


@pytest.fixture(scope="module")
def asem_results(asem, minmax_amean):
    framework, data = asem
    steps = [gi.Screen(min_availability=0.9), gi.Impute(gi.IndicatorMean()), gi.Treat(), *minmax_amean.steps]
    results = gi.Pipeline(steps).run(framework, data)
    assert results.table_names  # side tables to export
    return results


def _expected_sheets(results: gi.Results) -> list[str]:
    return ["Results", "Scores", "Ranks", *results.data_set_names, *results.table_names]


def test_sheet_names_are_excel_safe_and_unique():
    names = sheet_names(["Results", "results", "A" * 40, "A" * 40, "a/b:c", "Raw"])
    assert names == ["Results", "results~2", "A" * 31, "A" * 29 + "~2", "a_b_c", "Raw"]
    assert all(len(n) <= 31 for n in names)


def test_to_excel_reads_back_with_one_sheet_per_data_set_and_table(tmp_path, asem_results):
    results = asem_results
    path = tmp_path / "asem.xlsx"
    results.to_excel(path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == _expected_sheets(results)
    book.close()
    for name in results.data_set_names:
        back = pd.read_excel(path, sheet_name=name, index_col="uCode")
        expected = results.data_set(name).values
        got = back[expected.columns].loc[expected.index].astype(float)
        assert np.allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-15, atol=0, equal_nan=True), name
    scores = pd.read_excel(path, sheet_name="Scores", index_col="uCode")
    assert np.allclose(scores.to_numpy(), results.scores.to_numpy(), rtol=1e-15, atol=0, equal_nan=True)
    ranks = pd.read_excel(path, sheet_name="Ranks", index_col="uCode")
    assert (ranks.fillna(-1).astype(int).to_numpy() == results.ranks.fillna(-1).to_numpy()).all()
    table = pd.read_excel(path, sheet_name="Results", index_col="uCode")
    assert list(table.index) == list(results.results_table().index)
    assert (table["Rank"] == results.results_table()["Rank"].astype(int)).all()
    for name in results.table_names:
        side = pd.read_excel(path, sheet_name=name)
        assert list(side.columns) == list(results.table(name).columns)
        assert len(side) == len(results.table(name))


def test_to_csv_round_trip_keeps_numbers_and_diacritics(tmp_path):
    framework, data = _papi()
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, data)
    written = results.to_csv(tmp_path / "out")
    assert [p.name for p in written] == [f"{s}.csv" for s in _expected_sheets(results)]
    raw = pd.read_csv(tmp_path / "out" / "Raw.csv", index_col="uCode", encoding="utf-8")
    assert list(raw["uName"]) == data.unit_names
    assert any(name == "Bến Tre" for name in raw["uName"])
    assert np.array_equal(raw[data.columns].to_numpy(), data.values.to_numpy(), equal_nan=True)  # repr round-trips
    scores = pd.read_csv(tmp_path / "out" / "Scores.csv", index_col="uCode")
    assert np.array_equal(scores.to_numpy(), results.scores.to_numpy(), equal_nan=True)
    table = pd.read_csv(tmp_path / "out" / "Results.csv", index_col="uCode")
    assert "Bến Tre" in set(table["uName"]) and list(table["Rank"]) == list(results.results_table()["Rank"])
    # Excel keeps the names too.
    results.to_excel(tmp_path / "papi.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "papi.xlsx")["Results"]
    assert "Bến Tre" in {cell.value for cell in sheet["B"]}


def test_framework_html(asem):
    framework, _ = asem
    text = html_text(framework._repr_html_())
    assert "root Index" in text and "4 levels" in text and "49 indicators" in text
    for level in range(1, 5):
        assert f"{level}{len(framework.level_codes(level))}" in text.replace(" ", "")  # level row: level, count
    for code in framework.children("Index"):
        assert code in text
    assert len(framework._repr_html_()) < 6000  # a summary, not every node


def test_dataset_html(asem):
    _, data = asem
    markup = data._repr_html_()
    text = html_text(markup)
    assert "51 units × " in text and "missing" in text
    missing = float(np.isnan(data.values.to_numpy()).mean())
    assert f"{missing:.1%} missing" in text
    assert "AUT" in text and data.unit_codes[5] not in text  # the first 5 rows only


def test_panel_dataset_html():
    framework, data = _papi()
    frames = []
    for year in (2019, 2020):
        frame = data.to_frame().reset_index()
        frame["Time"] = year
        frames.append(frame)
    panel = gi.Dataset.from_frame(pd.concat(frames), framework)
    text = html_text(panel._repr_html_())
    assert "panel 2019–2020 (2 years, 126 rows)" in text and f"{len(set(data.unit_codes))} units" in text


def test_pipeline_html(minmax_amean):
    text = html_text(minmax_amean._repr_html_())
    assert "2 steps" in text
    assert "Normalise" in text and "MinMax" in text and "Aggregate" in text and "ArithmeticMean" in text


def test_results_html_escapes_and_keeps_vietnamese_names():
    framework, data = _papi()
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, data)
    markup = results._repr_html_()
    text = html_text(markup)
    assert "Raw" in text and "Aggregated" in text and "Top 10 of 63" in text
    best = results.results_table().iloc[0]
    assert best["uName"] in text
    assert "… 53 more" in text
    fw_markup = framework._repr_html_()
    assert "Quản trị &amp; Hành chính" in fw_markup  # escaped, diacritics kept as characters
    assert "Chỉ số Hiệu quả Quản trị & Hành chính công" in html_text(fw_markup)
    assert (
        "<script>"
        not in gi.Framework.from_frame(
            pd.DataFrame(
                [
                    {
                        "iCode": "x",
                        "iName": "<script>",
                        "Level": 1,
                        "Parent": "I",
                        "Direction": 1,
                        "Weight": 1,
                        "Type": "Indicator",
                    },
                    {
                        "iCode": "I",
                        "iName": "I",
                        "Level": 2,
                        "Parent": "",
                        "Direction": 1,
                        "Weight": 1,
                        "Type": "Aggregate",
                    },
                ]
            )
        )._repr_html_()
    )

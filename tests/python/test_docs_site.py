"""The documentation site's API reference lists every public name of govindex (issue 10, item 5).

Builds the reference alone with docs/conf.py (no guide pages, no notebooks) into a temporary folder,
in a subprocess so that Sphinx's global state and warnings stay out of this test session, then
reads the HTML. scripts/test builds the whole site with warnings as errors in a stage of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import govindex as gi
import pytest

pytest.importorskip("sphinx", reason="sphinx is not installed (pip install -e .[test] installs it)")
pytest.importorskip("myst_nb", reason="myst-nb is not installed (pip install -e .[test] installs it)")

DOCS = Path(__file__).resolve().parents[2] / "docs"


class _Anchors(HTMLParser):
    """Every id and every href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key == "id" and value:
                self.ids.add(value)
            elif key == "href" and value:
                self.hrefs.add(value)


def _anchors(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def api_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("docs-src")
    shutil.copy(DOCS / "conf.py", source / "conf.py")  # it writes source/api/ from govindex.__all__
    (source / "index.rst").write_text("govindex\n========\n\n.. toctree::\n\n   api/index\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("docs-html")
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return out / "api"


def test_api_index_links_every_public_name(api_html: Path) -> None:
    hrefs = _anchors(api_html / "index.html").hrefs
    missing = [name for name in gi.__all__ if not any(h.startswith(f"{name}.html") for h in hrefs)]
    assert not missing, f"API index does not link: {missing}"


def test_every_public_name_has_its_documented_object(api_html: Path) -> None:
    missing = []
    for name in gi.__all__:
        page = api_html / f"{name}.html"
        anchor = f"module-govindex.{name}" if name in _modules() else f"govindex.{name}"
        if not page.exists() or anchor not in _anchors(page).ids:
            missing.append(name)
    assert not missing, f"no API page documents: {missing}"


def test_no_api_page_for_a_name_that_is_not_public(api_html: Path) -> None:
    pages = {path.stem for path in api_html.glob("*.html")} - {"index"}
    assert pages == set(gi.__all__)


def _modules() -> set[str]:
    import inspect

    return {name for name in gi.__all__ if inspect.ismodule(getattr(gi, name))}

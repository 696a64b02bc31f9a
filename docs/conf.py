"""Sphinx configuration of govindex's documentation site.

Build (as scripts/test does): ``sphinx-build -W --keep-going -b html docs build/docs``.

- The guide pages (``guide/*.md``) are Markdown read by MyST.
- The notebooks (``notebooks/*.ipynb``) are rendered by myst-nb with their committed outputs; they
  are never executed here (scripts/test executes them in a stage of its own).
- The API reference (``api/``, gitignored) is written at every build from ``govindex.__all__`` by
  ``write_api_pages`` below, so it cannot drift from the package: one page per public name, filled
  by autodoc from the docstrings (numpy style, read by napoleon).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import govindex

project = "govindex"
author = "govindex contributors"
copyright = "govindex contributors"  # noqa: A001 - Sphinx's name
release = govindex.__version__
version = release

extensions = [
    "myst_nb",  # also sets up myst_parser for the Markdown pages
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]

# MyST: headings get anchors so that the guide's links such as `pipeline.md#pipeline-files` resolve.
myst_heading_anchors = 4

# myst-nb: show the committed outputs, never execute (scripts/test runs the notebooks itself).
nb_execution_mode = "off"

# autodoc / autosummary / napoleon
autosummary_generate = False  # the API pages are written by write_api_pages, not by autosummary
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_inherit_docstrings = True
napoleon_numpy_docstring = True
napoleon_google_docstring = True
napoleon_use_rtype = False

html_theme = "alabaster"
html_title = f"govindex {release}"
html_theme_options = {
    "description": "Build, explain and stress-test composite indices",
    "fixed_sidebar": False,
    "page_width": "1100px",
}

# ---------------------------------------------------------------------------------------------
# napoleon, with prose docstrings of properties read as prose
#
# napoleon reads the first line of a property's or attribute's docstring as Google's inline form
# "type: description", so "Points still needed: ..." (TargetGap.gap) shows "Points still needed"
# as the property's type, and a word in it becomes a cross-reference (an ambiguous one for
# "node"). govindex's ~40 such docstrings (many in the C++ bindings) are prose and none uses the
# inline type form, so napoleon reads them as it reads a method's docstring (its sections still
# work). This replaces only napoleon's docstring handler, nothing else of it.


def _napoleon_prose_properties(app, what, name, obj, options, lines):
    from sphinx.ext.napoleon import _process_docstring

    kind = "method" if what in ("property", "attribute") else what
    _process_docstring(app, kind, name, obj, options, lines)


def _literal_overload_signatures(app, what, name, obj, options, lines):
    """The signatures of a compiled function's overloads ("N. name(..., *, x: int = 1) -> R") as
    literals: the "*" of keyword-only arguments is no emphasis."""
    signature = re.compile(r"^(\d+\. )(\w+\(.*\)(?: -> .*)?)$")
    lines[:] = [signature.sub(r"\1``\2``", line) for line in lines]


def setup(app):
    from sphinx.ext.napoleon import _process_docstring

    app.connect("autodoc-process-docstring", _literal_overload_signatures, priority=100)

    for listener in list(app.events.listeners["autodoc-process-docstring"]):
        if listener.handler is _process_docstring:
            app.disconnect(listener.id)
            app.connect("autodoc-process-docstring", _napoleon_prose_properties, priority=listener.priority)
            break
    else:
        raise RuntimeError("docs/conf.py: napoleon's autodoc-process-docstring handler not found")


# ---------------------------------------------------------------------------------------------
# The API reference, generated from govindex.__all__

API_DIR = Path(__file__).resolve().parent / "api"


def _kind(obj: object) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if callable(obj):
        return "function"
    return "data"


_SECTIONS = [
    ("class", "Classes"),
    ("function", "Functions"),
    ("exception", "Errors"),
    ("module", "Modules"),
    ("data", "Other names"),
]


def _page(name: str, kind: str) -> str:
    full = f"govindex.{name}"
    title = f"``{full}``" if kind != "module" else f"``{full}`` (module)"
    lines = [title, "=" * len(title), ""]
    if kind == "module":
        module = getattr(govindex, name)
        # Names of the module that are the very objects exported at the top level are documented
        # there (govindex.X) and only linked here: documenting them twice would make every
        # cross-reference to them ambiguous (govindex.X or govindex.module.X).
        shared = sorted(
            member
            for member in vars(module)
            if member in govindex.__all__ and getattr(module, member, None) is getattr(govindex, member)
        )
        lines += [f".. automodule:: {full}", "   :members:"]
        if shared:
            lines += [f"   :exclude-members: {', '.join(shared)}", ""]
            lines += [
                "Also in this module, documented at the top level: "
                + ", ".join(f":py:obj:`govindex.{member}`" for member in shared)
                + "."
            ]
        lines += [""]
        # A package's own submodules (govindex.vn's provinces, published, ...) on the same page.
        for member in getattr(module, "__all__", ()):
            sub = getattr(module, member, None)
            if inspect.ismodule(sub) and sub.__name__.startswith(module.__name__ + "."):
                heading = f"``{sub.__name__}``"
                lines += [heading, "-" * len(heading), "", f".. automodule:: {sub.__name__}", "   :members:", ""]
    elif kind in ("class", "exception"):
        lines += [".. currentmodule:: govindex", "", f".. autoclass:: {name}", "   :members:", ""]
    elif kind == "function":
        lines += [".. currentmodule:: govindex", "", f".. autofunction:: {name}", ""]
    else:
        lines += [".. currentmodule:: govindex", "", f".. autodata:: {name}", ""]
    return "\n".join(lines)


def api_pages() -> dict[str, str]:
    """The API reference as {file name: reStructuredText}: an index and one page per public name."""
    names = list(govindex.__all__)
    kinds = {name: _kind(getattr(govindex, name)) for name in names}
    pages = {f"{name}.rst": _page(name, kinds[name]) for name in names}
    index = [
        "API reference",
        "=============",
        "",
        "Every public name of ``govindex`` (its ``__all__``), with the docstrings of the installed",
        f"package (version {release}). This reference is generated at build time from",
        "``govindex.__all__``.",
        "",
        ".. currentmodule:: govindex",
        "",
    ]
    for kind, heading in _SECTIONS:
        members = [name for name in names if kinds[name] == kind]
        if not members:
            continue
        index += [heading, "-" * len(heading), "", ".. autosummary::", "   :nosignatures:", ""]
        index += [f"   {name}" for name in members]
        index += [""]
    index += [".. toctree::", "   :hidden:", ""] + [f"   {name}" for name in names] + [""]
    pages["index.rst"] = "\n".join(index)
    return pages


def write_api_pages(directory: Path = API_DIR) -> None:
    """Writes api_pages() into ``directory``; files whose text is unchanged are left alone (so an
    incremental build does not re-read them) and pages of names no longer public are removed."""
    directory.mkdir(exist_ok=True)
    pages = api_pages()
    for path in directory.glob("*.rst"):
        if path.name not in pages:
            path.unlink()
    for file_name, text in pages.items():
        path = directory / file_name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


write_api_pages()

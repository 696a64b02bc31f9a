"""One core, visible layers (issue 22): the generic library never imports the Vietnamese domain
layer, and neither the Python modules nor the C++ headers and sources import each other in a cycle.

Read from the repository's files (relative to this test), not from the installed package:

- Python: every ``import``/``from`` statement of ``python/govindex/**.py``, at the top of a module
  or inside a function, class or ``if TYPE_CHECKING:`` block (all of them run, or could). Only
  ``govindex/vn/`` and the package facade ``govindex/__init__.py``, which assembles the layers, may
  import ``govindex.vn``; the domain reaches the generic modules through the registries it fills
  (``govindex.unit_names``, ``govindex._cli_support``).
- C++: every ``#include`` of ``include/govindex/**`` and ``src/**`` that names a file of the
  repository. Only ``include/govindex/vn/``, ``src/vn/`` and the domain's umbrella header
  ``govindex/vn.hpp`` may include ``govindex/vn/...`` or ``govindex/vn.hpp``; the generic umbrella
  ``govindex/govindex.hpp`` is generic (it includes no domain header). The bindings
  (``python/src``) assemble both layers, as ``__init__.py`` does, and are not checked here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "python" / "govindex"
DOMAIN = "govindex.vn"

Graph = dict[str, set[str]]


def cycle(graph: Graph) -> list[str]:
    """One cycle of `graph` as a path whose last node is its first, or [] when there is none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str]:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return path[path.index(target) :] + [target]
            if target not in done:
                found = visit(target)
                if found:
                    return found
        path.pop()
        on_path.discard(node)
        done.add(node)
        return []

    for node in sorted(graph):
        if node not in done:
            found = visit(node)
            if found:
                return found
    return []


def crossings(graph: Graph, in_domain: Callable[[str], bool], may_import_domain: Callable[[str], bool]) -> list[str]:
    """Every edge from a node that may not import the domain layer to one of the domain's nodes."""
    return sorted(
        f"{node} -> {target}"
        for node, targets in graph.items()
        if not may_import_domain(node)
        for target in targets
        if in_domain(target)
    )


def test_cycle_finds_a_cycle_and_only_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"b"}}) == ["b", "c", "b"]
    assert cycle({"a": {"a"}}) == ["a", "a"]


# --- Python -----------------------------------------------------------------------------------------


def python_modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_submodule(name: str) -> bool:
    """True when `name` (govindex.x.y) is a module of the package: a .py file, a folder, or the
    compiled core (its stub ``_core.pyi``)."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or path.is_dir() or path.with_suffix(".pyi").is_file()


def python_imports(name: str, path: Path) -> set[str]:
    """The package's modules that module `name` imports, anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if _is_submodule(submodule) else target)
    return {module for module in found if module == "govindex" or module.startswith("govindex.")}


def python_graph() -> Graph:
    return {name: python_imports(name, path) - {name} for name, path in python_modules().items()}


def test_the_python_import_graph_is_read():
    graph = python_graph()
    assert {"govindex.results", "govindex._core"} <= graph["govindex.analysis"]  # from . import _core
    assert "govindex._tables" in graph["govindex.results"]
    assert "govindex.vn.provinces" in graph["govindex.vn.geography"]  # from .provinces import ...
    assert "govindex.unit_names" in graph["govindex.vn.provinces"]  # from ..unit_names import ...
    assert "govindex.vn" in graph["govindex"]


def test_no_python_import_cycle():
    found = cycle(python_graph())
    assert not found, "import cycle among python/govindex modules: " + " -> ".join(found)


def _in_python_domain(name: str) -> bool:
    return name == DOMAIN or name.startswith(DOMAIN + ".")


def test_generic_python_modules_do_not_import_the_domain_layer():
    # The package facade (govindex/__init__.py) assembles the layers: it imports govindex.vn.
    found = crossings(python_graph(), _in_python_domain, lambda name: name == "govindex" or _in_python_domain(name))
    assert not found, (
        "generic modules import the domain layer (register through govindex.unit_names or "
        "govindex._cli_support instead): " + "; ".join(found)
    )


# --- C++ -------------------------------------------------------------------------------------------

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)
DOMAIN_FILES = ("govindex/vn/", "govindex/vn.hpp", "src/vn/")


def _cpp_key(path: Path) -> str:
    """govindex/x.hpp for a public header (as it is included), src/x.cpp for the rest."""
    relative = path.relative_to(ROOT).as_posix()
    return relative.removeprefix("include/")


def cpp_files() -> dict[str, Path]:
    files = [*(ROOT / "include" / "govindex").rglob("*.hpp"), *(ROOT / "src").rglob("*.[ch]pp")]
    return {_cpp_key(path): path for path in sorted(files)}


def cpp_includes(path: Path) -> set[str]:
    """The repository's files that `path` includes: public headers by their govindex/ path, others
    relative to the including file or to src/ (private headers: "steps/score.hpp")."""
    found = set()
    for name in INCLUDE.findall(path.read_text(encoding="utf-8")):
        for candidate in (ROOT / "include" / name, path.parent / name, ROOT / "src" / name):
            if candidate.is_file():
                found.add(_cpp_key(candidate.resolve()))
                break
    return found


def cpp_graph() -> Graph:
    return {key: cpp_includes(path) - {key} for key, path in cpp_files().items()}


def test_the_cpp_include_graph_is_read():
    graph = cpp_graph()
    assert "govindex/steps/aggregate_methods.hpp" in graph["govindex/steps/step.hpp"]
    assert "govindex/steps/step.hpp" in graph["govindex/steps/aggregate.hpp"]
    # in src/, included as "detail/random.hpp" and "steps/score.hpp"
    assert "src/detail/random.hpp" in graph["src/engines/uncertainty/uncertainty.cpp"]
    assert "src/steps/score_explain.hpp" in graph["src/pipeline/explain.cpp"]
    assert "govindex/vn/provinces.hpp" in graph["govindex/vn.hpp"]
    assert "govindex/vn/provinces.hpp" in graph["src/vn/provinces.cpp"]


def test_no_cpp_include_cycle():
    found = cycle(cpp_graph())
    assert not found, "include cycle among include/govindex and src: " + " -> ".join(found)


def _in_cpp_domain(key: str) -> bool:
    return key.startswith(DOMAIN_FILES)


def test_generic_cpp_files_do_not_include_the_domain_layer():
    found = crossings(cpp_graph(), _in_cpp_domain, _in_cpp_domain)
    assert not found, "generic C++ files include the domain layer: " + "; ".join(found)


#: The layers of include/govindex and src (ROADMAP "target layout"), lowest first: a file includes
#: files of its own layer or of lower ones only. The foundation is what sits at the top of the two
#: folders (errors, text, table, version) and detail/.
CPP_LAYERS = ("foundation", "model", "steps", "pipeline", "engines", "vn")


def cpp_layer(key: str) -> str:
    parts = key.removeprefix("govindex/").removeprefix("src/").split("/")
    return parts[0] if len(parts) > 1 and parts[0] in CPP_LAYERS else "foundation"


def test_cpp_files_include_their_own_layer_or_lower_ones():
    umbrellas = {"govindex/govindex.hpp", "govindex/vn.hpp"}  # they include every layer, by design
    found = [
        f"{key} ({cpp_layer(key)}) includes {target} ({cpp_layer(target)})"
        for key, targets in sorted(cpp_graph().items())
        if key not in umbrellas
        for target in sorted(targets)
        if CPP_LAYERS.index(cpp_layer(target)) > CPP_LAYERS.index(cpp_layer(key))
    ]
    assert not found, "a lower layer includes a higher one: " + "; ".join(found)


def test_every_cpp_file_is_in_a_layer_folder_or_the_foundation():
    foundation = {key for key in cpp_files() if cpp_layer(key) == "foundation" and "/detail/" not in key}
    assert foundation <= {
        "govindex/errors.hpp",
        "govindex/text.hpp",
        "govindex/table.hpp",
        "govindex/version.hpp",
        "govindex/govindex.hpp",
        "govindex/vn.hpp",
        "src/table.cpp",
        "src/text.cpp",
    }, sorted(foundation)

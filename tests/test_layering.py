"""The layers import only downwards: models know no grammar, JSON or text; renderers no
JSON; parsers no renderers or JSON writers; the text API and the snapshots no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "netfacts"

FORBIDDEN = {
    "models": ("netfacts.grammar", "netfacts.jsonio", "netfacts.renderers", "netfacts.parsers",
               "netfacts.sources", "netfacts.snapshot", "netfacts._api", "netfacts.cli"),
    "renderers": ("netfacts.jsonio", "netfacts.parsers", "netfacts.sources"),
    "parsers": ("netfacts.renderers", "netfacts.jsonio", "netfacts.sources",
                "netfacts.snapshot"),
    "grammar": ("netfacts.parsers", "netfacts.renderers", "netfacts.jsonio", "netfacts.sources"),
    "sources": ("netfacts.parsers", "netfacts.renderers", "netfacts.jsonio",
                "netfacts.snapshot"),
}
"""Package → module prefixes it must never import, at the top or inside a function."""

MODULES = {
    "_api.py": ("netfacts.snapshot", "netfacts._load"),
    "snapshot.py": ("netfacts._load", "netfacts.cli"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "netfacts":
                found += [(node.lineno, f"netfacts.{alias.name}") for alias in node.names]
    return found


def _violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(SRC)}:{line}: imports {name}" for line, name in _imports(path)
            if any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden)]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downwards(package: str) -> None:
    found = [v for path in sorted((SRC / package).rglob("*.py"))
             for v in _violations(path, FORBIDDEN[package])]
    assert found == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_cycle_between_the_text_api_and_snapshots(module: str) -> None:
    assert _violations(SRC / module, MODULES[module]) == []

"""``python -m netfacts.grammar [FAMILY...]``: regenerate the generated files.

Every grammar module ``netfacts.grammar.<family>`` that defines ``SHAPES`` gets a
generated ``netfacts/grammar/_compiled_<family>.py`` holding the regex each line
shape compiles to, so that parsing does not import pyparsing; ``netfacts/_exports.py``
is rewritten from the family registry (public names and typed ``parse`` overloads, for
type checkers).
``tests/property/test_fastpath.py`` fails when a cache and its grammar disagree.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import netfacts.grammar as package


def families() -> list[str]:
    """Grammar modules that define line shapes."""
    names = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"netfacts.grammar.{info.name}")
        if hasattr(module, "SHAPES"):
            names.append(info.name)
    return sorted(names)


def compiled_patterns(family: str) -> dict[str, str]:
    """Translate every line shape of one grammar module now."""
    module = importlib.import_module(f"netfacts.grammar.{family}")
    return {key: shape.compiled_pattern() for key, shape in module.SHAPES.items()}


def cached_patterns(family: str) -> dict[str, str]:
    """What the generated cache of ``family`` holds."""
    module = importlib.import_module(f"netfacts.grammar._compiled_{family}")
    patterns: dict[str, str] = module.PATTERNS
    return patterns


def write(family: str) -> Path:
    """Rewrite ``_compiled_<family>.py``."""
    target = Path(package.__file__).with_name(f"_compiled_{family}.py")
    lines = [
        f'"""Generated from netfacts.grammar.{family}: its line grammars compiled to regexes. '
        "Do not edit.",
        "",
        "Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``",
        "fails when this file and the grammar disagree.",
        '"""',
        "",
        "PATTERNS: dict[str, str] = {",
    ]
    for key, pattern in sorted(compiled_patterns(family).items()):
        lines.append(f"    {key!r}: {pattern!r},")
    lines.append("}")
    target.write_text("\n".join(lines) + "\n")
    return target


def exports_source() -> str:
    """The text of ``netfacts/_exports.pyi``: for type checkers, the registry's public model
    names and :func:`netfacts.parse` overloaded on every ``--as`` kind (``parse(text,
    "ip-route")`` is an ``IpRouteOutput``)."""
    from netfacts import _registry

    names = _registry.exports()
    outputs: dict[str, list[str]] = {}
    for family in _registry.FAMILIES:
        module, _, name = family.output.partition(":")
        names.setdefault(name, module)
        outputs.setdefault(name, []).extend(family.kinds)
    by_module: dict[str, list[str]] = {}
    for name, module in names.items():
        by_module.setdefault(module, []).append(name)
    lines = [
        '"""Generated from the family registry (``netfacts._registry``) for type checkers: the',
        "public model names (``netfacts/__init__.py`` imports them lazily) and",
        "``netfacts.parse`` overloaded on the ``--as`` kinds.",
        "",
        "Regenerate with ``python -m netfacts.grammar``; a test fails when this file is stale.",
        '"""',
        "",
        "from typing import Literal, overload",
        "",
    ]
    for module in sorted(by_module):
        lines.append(f"from {module} import (")
        lines += [f"    {name}," for name in sorted(by_module[module], key=_isort_key)]
        lines.append(")")
    lines.append("")
    for output, kinds in sorted(outputs.items()):
        lines += ["@overload", "def parse(", "    text: str | bytes,", "    kind: Literal["]
        lines += [f"        {kind!r}," for kind in kinds]
        lines += ["    ],", "    *,", "    strict: bool = ...,", "    source: str | None = ...,",
                  f") -> {output}: ..."]
    lines += [
        "@overload",
        "def parse(text: str | bytes, kind: str | None = ..., *, strict: bool = ...,",
        "          source: str | None = ...) -> Output: ...",
        "",
        "__all__ = [",
    ]
    lines += [f"    {name!r}," for name in sorted(
        [*names, "parse"],
        key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name))]
    lines.append("]")
    return "\n".join(lines).replace("'", '"') + "\n"


def _isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions (the order ruff expects)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name.lower())


def write_exports() -> Path:
    """Rewrite ``netfacts/_exports.pyi`` from the registry."""
    target = Path(package.__file__).parent.parent / "_exports.pyi"
    target.write_text(exports_source())
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m netfacts.grammar [FAMILY...]``: regenerate the named caches (default all)."""
    import sys

    names = list(sys.argv[1:] if argv is None else argv) or families()
    unknown = [name for name in names if name not in families()]
    if unknown:
        print(f"unknown grammar module(s): {', '.join(unknown)}; known: "
              f"{', '.join(families())}", file=sys.stderr)
        return 2
    for name in names:
        print(f"wrote {write(name)}")
    print(f"wrote {write_exports()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

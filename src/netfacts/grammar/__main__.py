"""``python -m netfacts.grammar [FAMILY...]``: regenerate the compiled-pattern caches.

Every grammar module ``netfacts.grammar.<family>`` that defines ``SHAPES`` gets a
generated ``netfacts/grammar/_compiled_<family>.py`` holding the regex each line
shape compiles to, so that parsing does not import pyparsing.
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

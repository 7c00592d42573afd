"""``python -m netfacts.grammar``: regenerate :mod:`netfacts.grammar._compiled`."""

from __future__ import annotations

import importlib
from pathlib import Path

FAMILIES = ("ip_addr",)
"""Grammar modules whose ``SHAPES`` are cached."""


def compiled_patterns() -> dict[str, str]:
    """Translate every line shape of every grammar module now."""
    patterns: dict[str, str] = {}
    for family in FAMILIES:
        module = importlib.import_module(f"netfacts.grammar.{family}")
        for key, shape in module.SHAPES.items():
            patterns[f"{family}.{key}"] = shape.compiled_pattern()
    return patterns


def write() -> Path:
    """Rewrite ``_compiled.py``."""
    target = Path(__file__).with_name("_compiled.py")
    lines = [
        '"""Generated: regexes compiled from the pyparsing line grammars. Do not edit.',
        "",
        "Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``",
        "fails when this file and the grammar disagree.",
        '"""',
        "",
        "PATTERNS: dict[str, str] = {",
    ]
    for key, pattern in sorted(compiled_patterns().items()):
        lines.append(f"    {key!r}: {pattern!r},")
    lines.append("}")
    target.write_text("\n".join(lines) + "\n")
    return target


if __name__ == "__main__":
    print(f"wrote {write()}")

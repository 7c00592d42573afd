"""Damage real captures the way pasted and collected text gets damaged, for fuzzing.

:func:`garbled` draws a list of mutations and applies them to a text: lines cut
short, duplicated, dropped, swapped or shuffled, characters deleted or
inserted (including control characters, tabs, NULs and non-ASCII), CRLF line
ends, colour codes, a truncated final line, and numbers replaced by what only looks
like one (``²``, ``inf``, ``1e999``, a number longer than Python converts).
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

__all__ = ["garbled"]

_NOISE = st.text(
    alphabet=st.sampled_from(list(" \t\r\x00\x1b[m:/@<>,.-0123456789abcdefxyzé✓\\")),
    min_size=1,
    max_size=12,
)
_NOT_NUMBERS = st.sampled_from(
    ["²", "٣", "inf", "-inf", "nan", "1e999", "9" * 5000, "0x", "-", "1.5e309", "infms"]
)
_DIGITS = re.compile(r"[0-9]+")


@st.composite
def _mutate(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    kind = draw(st.sampled_from(
        ["cut", "dup", "drop", "swap", "shuffle", "delete", "insert", "crlf", "colour", "tail",
         "number"]
    ))
    if not lines:
        return text
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    if kind == "cut":
        lines[index] = line[: draw(st.integers(0, max(len(line), 0)))]
    elif kind == "dup":
        lines.insert(index, line)
    elif kind == "drop":
        del lines[index]
    elif kind == "swap" and len(lines) > 1:
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "shuffle":
        lines = draw(st.permutations(lines))
    elif kind == "delete" and line:
        start = draw(st.integers(0, len(line) - 1))
        lines[index] = line[:start] + line[start + draw(st.integers(1, 5)) :]
    elif kind == "insert":
        position = draw(st.integers(0, len(line)))
        lines[index] = line[:position] + draw(_NOISE) + line[position:]
    elif kind == "number":
        runs = list(_DIGITS.finditer(line))
        if runs:
            run = runs[draw(st.integers(0, len(runs) - 1))]
            lines[index] = line[: run.start()] + draw(_NOT_NUMBERS) + line[run.end() :]
    elif kind == "crlf":
        return "\r\n".join(lines)
    elif kind == "colour":
        lines[index] = "\x1b[1;36m" + line + "\x1b[0m"
    elif kind == "tail":
        joined = "\n".join(lines)
        return joined[: draw(st.integers(0, len(joined)))]
    return "\n".join(lines)


@st.composite
def garbled(draw: st.DrawFn, texts: st.SearchStrategy[str], *, max_mutations: int = 4) -> str:
    """A text from ``texts`` with up to ``max_mutations`` kinds of damage applied."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, max_mutations))):
        text = draw(_mutate(text))
    return text

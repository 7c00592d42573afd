"""The check every grammar's property tests share: a line shape's compiled regex and its
pyparsing element accept the same line with the same fields."""

from __future__ import annotations

from netfacts.grammar._fastpath import LineShape


def assert_fast_and_slow_agree(shape: LineShape, line: str) -> None:
    """``shape.match`` (regex) and ``shape.parse_slow`` (pyparsing) agree on ``line``."""
    fast = shape.match(line)
    slow = shape.parse_slow(line)
    assert (fast is not None) == (slow is not None), (shape.name, line)
    if fast is not None and slow is not None:
        fields = {k: v for k, v in fast.groupdict().items() if v not in (None, "")}
        assert fields == slow, (shape.name, line)

"""``ip route`` rows: the two readings of a line agree, rows and models convert both ways.

The parser reads a line that prints only the field table's simple attributes in print
order with one regex compiled from the table (``canonical_route``, ``canonical_nexthop``)
and every other line keyword by keyword.  On every line of every capture, on generated
tables and on damaged text, both readings must give the same rows, the same diagnostics;
the pyparsing grammar of the canonical shapes and its compiled regex must accept the same
lines; and the JSON of a row must equal the JSON of the model built from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

import netfacts
from conftest import CORPUS, NETNS
from netfacts.grammar import ip_route as g
from netfacts.jsonio.ip_route import ip_route_to_json, route_row
from netfacts.models.route import IpRouteOutput
from netfacts.parsers import ip_route as parser
from netfacts.testing.garble import garbled
from netfacts.testing.strategies import ip_route_outputs

PATHS = [p for p in sorted(CORPUS.glob("ip-*__*route*.txt"))
         + sorted((NETNS / "ip_route").glob("*.txt")) if "stderr" not in p.name]
TEXTS = [p.read_text(errors="replace") for p in PATHS]


@contextmanager
def _keyword_by_keyword() -> Iterator[None]:
    parser._FAST = False
    try:
        yield
    finally:
        parser._FAST = True


def _both(text: str, **hints: object) -> tuple[IpRouteOutput, IpRouteOutput]:
    fast = parser.parse_ip_route(text, **hints)  # type: ignore[arg-type]
    with _keyword_by_keyword():
        slow = parser.parse_ip_route(text, **hints)  # type: ignore[arg-type]
    return fast, slow


def _agree(text: str) -> None:
    fast, slow = _both(text)
    assert fast.routes.rows == slow.routes.rows
    assert [d.render() for d in fast.diagnostics] == [d.render() for d in slow.diagnostics]
    assert fast.record_lines == slow.record_lines
    assert fast.form == slow.form


def test_captures_read_the_same_both_ways() -> None:
    assert len(TEXTS) > 20
    canonical = 0
    for text in TEXTS:
        _agree(text)
        canonical += sum(1 for line in text.splitlines()
                         if g.SHAPES["canonical_route"].match(line.rstrip()))
    assert canonical > 200  # most real lines take the one-regex reading


def test_a_zero_destination_with_a_bad_length_reads_the_same_both_ways() -> None:
    """Found by the damaged-capture test below: '0/33' passed the one-regex reading and
    failed later with another message than the keyword reading's."""
    for text in ("0/33\n", "10.0.0.0/24 dev eth0\n0/33\n", "0/129 via fe80::1 dev eth0\n"):
        _agree(text)
        assert [d.message for d in parser.parse_ip_route(text).diagnostics] == [
            "Expected route destination"]


@settings(max_examples=150)
@given(garbled(st.sampled_from(TEXTS)))
def test_damaged_captures_read_the_same_both_ways(text: str) -> None:
    _agree(text)


@given(ip_route_outputs())
def test_generated_tables_read_the_same_both_ways(case: tuple[str, IpRouteOutput]) -> None:
    text, expected = case
    fast, slow = _both(text, family=expected.form.family, get=expected.form.get)
    assert fast.routes.rows == slow.routes.rows


def _lines() -> list[str]:
    lines = set()
    for text in TEXTS:
        for line in text.splitlines():
            for piece in re.split(r"\\(?=[ \t])", line.rstrip()):
                if piece.strip():
                    lines.add(piece.rstrip())
    return sorted(lines)


LINES = _lines()


def _shapes_agree(line: str) -> None:
    for name in ("canonical_route", "canonical_nexthop"):
        shape = g.SHAPES[name]
        fast = shape.match(line)
        slow = shape.parse_slow(line)
        assert (fast is not None) == (slow is not None), (name, line)
        if fast is not None and slow is not None:
            assert {k: v for k, v in fast.groupdict().items() if v not in (None, "")} == slow


def test_canonical_shapes_compiled_and_pyparsing_agree() -> None:
    for line in LINES:
        _shapes_agree(line)


@given(st.sampled_from(LINES), st.integers(0, 120),
       st.text(alphabet="ab09.:/ \tdevialnkmotrcpsfu", max_size=12))
def test_canonical_shapes_agree_on_damaged_lines(line: str, position: int, insert: str) -> None:
    _shapes_agree(line[:position] + insert + line[position + len(insert) // 2:])


def test_rows_and_models_give_the_same_json() -> None:
    for text in TEXTS:
        output = netfacts.parse(text, "ip-route")
        from_rows = ip_route_to_json(output)
        rows = output.routes.rows
        assert rows is not None
        models = tuple(output.routes)
        assert output.routes.rows is None
        assert ip_route_to_json(output) == from_rows
        again = IpRouteOutput(routes=[parser.route_from_row(route_row(m)) for m in models],
                              form=output.form)
        assert tuple(again.routes) == models


def test_the_field_table_matches_the_models() -> None:
    import attrs

    from netfacts.grammar._keywords import row_value
    from netfacts.models.route import Nexthop, Route

    for layout, cls, kept_as_extra in ((g.ROUTE_LAYOUT, Route, {"ipid", "ts", "tsage"}),
                                       (g.NEXTHOP_LAYOUT, Nexthop, set())):
        fields = attrs.fields_dict(cls)
        assert set(fields) <= set(layout.names)  # every model field has a slot
        for key in layout.keys:
            if key.field in kept_as_extra:
                continue
            assert key.field in fields, key
            default = fields[key.field].default
            if default is not attrs.NOTHING and key.default is not None:
                assert row_value(default) == key.default, key

"""No input makes the arp parser raise anything but ParseError, on either of its paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import CORPUS, arp_captures
from netfacts.errors import ParseError
from netfacts.jsonio.arp import arp_to_json, arp_to_json_text
from netfacts.parsers import arp as parser_module
from netfacts.parsers.arp import parse_arp
from netfacts.renderers.arp import render_arp
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [path.read_text() for path in arp_captures()]


def _check(text: str) -> None:
    output = parse_arp(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    arp_to_json(output)
    arp_to_json_text(output)
    render_arp(output)
    list(output.neighbours)
    try:
        parse_arp(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)
    parser_module._FAST = False
    try:
        slow = parse_arp(text, source="fuzz")
    finally:
        parser_module._FAST = True
    assert slow == output
    assert [d.render() for d in slow.diagnostics] == [d.render() for d in output.diagnostics]


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)


def test_one_garbled_row_keeps_the_others() -> None:
    lines = (CORPUS / "arp-2.10__-n.txt").read_text().splitlines()
    lines[3] = lines[3][:40]  # "192.168.50.77 ... (incomplete)" cut in the HWaddress column
    output = parse_arp("\n".join(lines) + "\n")
    assert len(output.neighbours) == len(lines) - 2
    assert [(d.line, d.severity.value) for d in output.diagnostics] == [(4, "error")]

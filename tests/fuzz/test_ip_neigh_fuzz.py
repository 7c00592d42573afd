"""No input makes the ip neigh parser raise anything but ParseError.

The parser is called directly, on arbitrary text and on real captures damaged the ways
pasted text gets damaged.  Good lines around the damage must survive.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import CORPUS, neigh_captures
from netfacts.errors import ParseError
from netfacts.jsonio.ip_neigh import ip_neigh_to_json
from netfacts.parsers.ip_neigh import parse_ip_neigh
from netfacts.renderers.ip_neigh import render_ip_neigh
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [path.read_text() for path in neigh_captures()]


def _check(text: str) -> None:
    output = parse_ip_neigh(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    ip_neigh_to_json(output)
    render_ip_neigh(output)
    try:
        parse_ip_neigh(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)


def test_one_garbled_line_keeps_the_others() -> None:
    lines = (CORPUS / "ip-6.1__neigh_show_nud_all.txt").read_text().splitlines()
    assert lines[5].startswith("192.168.50.93 dev eth0 lladdr 02:00:00:00:00:93 ")
    lines[5] = lines[5].replace("lladdr 02:00:00:00:00:93", "lladdr 02:00:0x")
    output = parse_ip_neigh("\n".join(lines) + "\n")
    assert len(output.neighbours) == len(lines) - 1  # that line's, and no partial record
    assert [d.line for d in output.diagnostics] == [6]

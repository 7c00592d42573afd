"""No input makes the tc qdisc parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES
from netfacts.errors import ParseError
from netfacts.jsonio.tc_qdisc import tc_qdisc_to_json
from netfacts.parsers.tc_qdisc import parse_tc_qdisc
from netfacts.renderers.tc_qdisc import render_tc_qdisc
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [p.read_text() for p in sorted((FIXTURES / "netns_hw" / "tc").rglob("*.txt"))]


def _check(text: str) -> None:
    output = parse_tc_qdisc(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    tc_qdisc_to_json(output)
    render_tc_qdisc(output)
    try:
        parse_tc_qdisc(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)

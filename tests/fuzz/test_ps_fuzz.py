"""No input makes the ps parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.ps import ps_to_json
from netfacts.parsers.ps import parse_ps
from netfacts.renderers.ps import render_ps
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [(NETNS / "ps" / name).read_text() for name in ("ps_aux.txt", "ps_-ef.txt")]


def _check(text: str) -> None:
    output = parse_ps(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    ps_to_json(output)
    assert parse_ps(render_ps(output)) == output
    try:
        parse_ps(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)

"""No input makes the ethtool parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES
from netfacts.errors import ParseError
from netfacts.jsonio.ethtool import ethtool_to_json
from netfacts.models.ethtool import MODES
from netfacts.parsers.ethtool import parse_ethtool
from netfacts.renderers.ethtool import render_ethtool
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [p.read_text() for p in sorted((FIXTURES / "netns_hw" / "ethtool").rglob("*.txt"))]


def _check(text: str, mode: str | None) -> None:
    output = parse_ethtool(text, source="fuzz", mode=mode)
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    ethtool_to_json(output)
    render_ethtool(output)
    try:
        parse_ethtool(text, strict=True, source="fuzz", mode=mode)
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400), st.sampled_from([None, *MODES]))
def test_arbitrary_text(text: str, mode: str | None) -> None:
    _check(text, mode)


@given(garbled(st.sampled_from(CAPTURES)), st.sampled_from([None, *MODES]))
def test_garbled_real_captures(text: str, mode: str | None) -> None:
    _check(text, mode)


def test_captures_exist() -> None:
    assert len(CAPTURES) > 50

"""No input makes the bridge parsers raise anything but ParseError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from conftest import FIXTURES
from netfacts.errors import ParseError
from netfacts.parsers import bridge
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [p.read_text() for p in sorted((FIXTURES / "netns_hw" / "bridge").rglob("*.txt"))]
PARSERS: list[Callable[..., Any]] = [bridge.parse_bridge_link, bridge.parse_bridge_fdb,
                                     bridge.parse_bridge_vlan, bridge.parse_bridge_mdb]


def _check(text: str) -> None:
    for parse in PARSERS:
        output = parse(text, source="fuzz")
        for diagnostic in output.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.column >= 1
        netfacts.to_json(output)
        netfacts.render(output)
        try:
            parse(text, strict=True, source="fuzz")
        except ParseError as exc:
            assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)

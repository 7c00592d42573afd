"""render → parse round trips over generated ``bridge link/fdb/vlan/mdb`` text."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netfacts
from netfacts.parsers import bridge as parsers
from netfacts.testing import _strategies_bridge as strategies

pytestmark = pytest.mark.property

_CASES = {
    "link": (strategies.bridge_link_outputs, parsers.parse_bridge_link),
    "fdb": (strategies.bridge_fdb_outputs, parsers.parse_bridge_fdb),
    "vlan": (strategies.bridge_vlan_outputs, parsers.parse_bridge_vlan),
    "mdb": (strategies.bridge_mdb_outputs, parsers.parse_bridge_mdb),
}


@pytest.mark.parametrize("what", sorted(_CASES))
@settings(max_examples=60)
@given(data=st.data())
def test_parse_of_render_gives_the_model_back(what: str, data: st.DataObject) -> None:
    strategy, parse = _CASES[what]
    text, expected = data.draw(strategy())
    parsed: Any = parse(text)
    errors = [d.render() for d in parsed.diagnostics if d.severity.value == "error"]
    assert errors == []
    assert parsed == expected
    assert netfacts.render(parsed) == text
    assert netfacts.to_json(parsed) == netfacts.to_json(expected)

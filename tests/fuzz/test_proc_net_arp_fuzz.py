"""No input makes the /proc/net/arp parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.arp import proc_net_arp_to_json, proc_net_arp_to_json_text
from netfacts.parsers.proc_net_arp import parse_proc_net_arp
from netfacts.renderers.proc_net_arp import render_proc_net_arp
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [(NETNS / "arp" / "proc_net_arp.txt").read_text()]


def _check(text: str) -> None:
    output = parse_proc_net_arp(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    proc_net_arp_to_json(output)
    proc_net_arp_to_json_text(output)
    render_proc_net_arp(output)
    list(output.neighbours)
    try:
        parse_proc_net_arp(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)

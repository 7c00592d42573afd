"""No input makes the sysctl parser raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.sysctl import sysctl_to_json
from netfacts.parsers.sysctl import parse_sysctl
from netfacts.renderers.sysctl import render_sysctl
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

SYSCTL = NETNS / "sysctl"
CAPTURES = [
    "".join((SYSCTL / "sysctl_-a.txt").read_text().splitlines(True)[:60]),
    (SYSCTL / "sysctl_net.ipv4.ip_forward.txt").read_text(),
    (SYSCTL / "proc_sys_net_ipv4_ip_forward.txt").read_text(),
]
SOURCES = st.sampled_from([None, "fuzz", "sos/proc/sys/net/ipv4/ip_forward", "proc/sys/"])


def _check(text: str, source: str | None, key: str | None) -> None:
    output = parse_sysctl(text, source=source, key=key)
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    sysctl_to_json(output)
    render_sysctl(output)
    try:
        parse_sysctl(text, strict=True, source="fuzz", key=key)
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.text(max_size=400), SOURCES, st.sampled_from([None, "net.ipv4.ip_forward"]))
def test_arbitrary_text(text: str, source: str | None, key: str | None) -> None:
    _check(text, source, key)


@given(garbled(st.sampled_from(CAPTURES)), SOURCES, st.sampled_from([None, "k.x"]))
def test_garbled_real_captures(text: str, source: str | None, key: str | None) -> None:
    _check(text, source, key)

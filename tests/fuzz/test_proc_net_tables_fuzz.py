"""No input makes the /proc/net table and counter parsers raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from _proc_net import proc_file, sos_file
from netfacts.errors import ParseError
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [(kind, proc_file("host", name).read_text()) for kind, name in (
    ("proc-net-dev", "dev"), ("proc-net-route", "route"), ("proc-net-ipv6-route", "ipv6_route"),
    ("proc-net-if-inet6", "if_inet6"), ("proc-net-snmp", "snmp"), ("proc-net-netstat", "netstat"),
    ("proc-net-snmp6", "snmp6"), ("proc-net-sockstat", "sockstat"))]
CAPTURES.append(("nstat", sos_file("host", "networking/nstat_-zas").read_text()))
KINDS = sorted({kind for kind, _ in CAPTURES})


def _check(kind: str, text: str) -> None:
    output = netfacts.parse(text, kind, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    netfacts.to_json(output)
    netfacts.render(output)
    try:
        netfacts.parse(text, kind, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


@given(st.sampled_from(KINDS), st.text(max_size=300))
def test_arbitrary_text(kind: str, text: str) -> None:
    _check(kind, text)


@given(st.sampled_from(CAPTURES).flatmap(
    lambda pair: garbled(st.just(pair[1])).map(lambda text: (pair[0], text))))
def test_garbled_real_captures(case: tuple[str, str]) -> None:
    _check(*case)

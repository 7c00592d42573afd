"""No input makes the netstat parser raise anything but ParseError.

The parser functions are called directly (not through ``netfacts.parse``, whose safety
net would turn a bug into a ParseError), on arbitrary text and on real captures damaged
the way pasted text gets damaged; the streaming API must agree with the list API.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.errors import Diagnostic, ParseError
from netfacts.jsonio.netstat import netstat_direct_json, netstat_to_json, socket_to_netstat_json
from netfacts.parsers.netstat import iter_netstat, parse_netstat
from netfacts.renderers.netstat import render_netstat
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [
    path.read_text()
    for path in sorted(CORPUS.glob("netstat-*.txt")) + sorted(CORPUS.glob("far_netstat-*.txt"))
    + sorted((NETNS / "netstat").glob("netstat_*.txt"))
    + sorted((NETNS.parent / "netns_sockets" / "netstat").glob("netstat_*.txt"))
    if not path.name.endswith("stderr.txt")
]


def direct_json(text: str, **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """The CLI's pieces joined: the text it writes."""
    pieces, diagnostics = netstat_direct_json(text, **hints)
    return "".join(pieces), diagnostics


def _check(text: str) -> None:
    output = parse_netstat(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    data = netstat_to_json(output)
    direct = direct_json(text, source="fuzz")
    if direct is not None:  # the CLI's fast path writes the same JSON and diagnostics
        assert direct[0] == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert direct[1] == output.diagnostics
    for socket in output.sockets:
        socket_to_netstat_json(socket)
    render_netstat(output)
    stream = iter_netstat(text, source_name="fuzz")
    assert len(list(stream)) == sum(
        len(s.sockets) + len(s.routes) + len(s.interfaces) + len(s.statistics) + len(s.groups)
        for s in output.samples
    )
    assert stream.diagnostics == output.diagnostics
    try:
        parse_netstat(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


def test_there_are_captures() -> None:
    assert len(CAPTURES) > 80


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(st.text(alphabet=st.sampled_from(list("tcpudprawunix6 0123456789.:*[]-/ACKLISTEN\t\n")),
               max_size=400))
def test_netstat_like_text(text: str) -> None:
    _check("Active Internet connections\nProto Recv-Q Send-Q Local Address           "
           "Foreign Address         State       PID/Program name    \n" + text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_through_the_stream(data: bytes) -> None:
    list(iter_netstat([data]))

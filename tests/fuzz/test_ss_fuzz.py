"""No input makes the ss parser raise anything but ParseError (see test_netstat_fuzz)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.netstat import socket_to_netstat_json
from netfacts.jsonio.ss import ss_direct_json as direct_json
from netfacts.jsonio.ss import ss_to_json
from netfacts.parsers.ss import iter_ss, parse_ss
from netfacts.renderers.ss import render_ss
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

CAPTURES = [
    path.read_text()
    for path in sorted(CORPUS.glob("ss-*.txt")) + sorted(CORPUS.glob("far_ss-*.txt"))
    + sorted((NETNS / "ss").glob("*.txt")) + sorted((NETNS / "netstat").glob("ss_truth*.txt"))
    + sorted((NETNS.parent / "netns_sockets" / "ss").glob("*.txt"))
    if not path.name.endswith("stderr.txt")
]


def _check(text: str) -> None:
    output = parse_ss(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    data = ss_to_json(output)
    direct = direct_json(text, source="fuzz")
    if direct is not None:  # the CLI's fast path writes the same JSON and diagnostics
        assert direct[0] == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert direct[1] == output.diagnostics
    for socket in output.sockets:
        socket_to_netstat_json(socket)
    render_ss(output)
    stream = iter_ss(text, source_name="fuzz")
    assert tuple(stream) == output.sockets
    assert stream.diagnostics == output.diagnostics
    try:
        parse_ss(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)


def test_there_are_captures() -> None:
    assert len(CAPTURES) > 60


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(st.text(alphabet=st.sampled_from(list('tcpudu_str ESTABLISHENUC0123456789.:*[]%-/()",='
                                             'users:pid=fd\t\n')), max_size=400))
def test_ss_like_text(text: str) -> None:
    _check("Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n" + text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_through_the_stream(data: bytes) -> None:
    list(iter_ss([data]))

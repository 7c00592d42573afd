"""No input makes the /proc/net socket table parsers raise anything but ParseError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _proc_net import INET_TABLES, ROLES, proc_file
from netfacts.errors import ParseError
from netfacts.jsonio.proc_net_tcp import (
    direct_json,
    proc_net_tcp_to_json,
    proc_net_tcp_to_json_text,
)
from netfacts.jsonio.proc_net_unix import proc_net_unix_to_json
from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
from netfacts.parsers.proc_net_unix import parse_proc_net_unix
from netfacts.renderers.proc_net_tcp import render_proc_net_tcp
from netfacts.renderers.proc_net_unix import render_proc_net_unix
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

TCP = ["".join(proc_file(role, t).read_text() for t in INET_TABLES) for role in ROLES]
UNIX = [proc_file(role, "unix").read_text() for role in ROLES]


def _check(text: str, parse: Callable[..., Any], render: Callable[[Any], str],
           to_json: Callable[[Any], Any]) -> Any:
    output = parse(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
    to_json(output)
    render(output)
    [s.to_socket() for s in output.sockets]
    try:
        parse(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz:" in str(exc)
    return output


def _check_tcp(text: str) -> None:
    output = _check(text, parse_proc_net_tcp, render_proc_net_tcp, proc_net_tcp_to_json)
    assert proc_net_tcp_to_json_text(output) == direct_json(text)[0]


def _check_unix(text: str) -> None:
    _check(text, parse_proc_net_unix, render_proc_net_unix, proc_net_unix_to_json)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check_tcp(text)
    _check_unix(text)


@given(garbled(st.sampled_from(TCP)))
def test_garbled_tcp_tables(text: str) -> None:
    _check_tcp(text)


@given(garbled(st.sampled_from(UNIX)))
def test_garbled_unix_tables(text: str) -> None:
    _check_unix(text)

"""render → parse round trips over generated /proc/net socket tables."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from netfacts.jsonio.proc_net_tcp import (
    direct_json,
    proc_net_tcp_to_json,
    proc_net_tcp_to_json_text,
)
from netfacts.jsonio.proc_net_unix import proc_net_unix_to_json
from netfacts.models.proc_net_sockets import ProcNetTcpOutput, ProcNetUnixOutput
from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
from netfacts.parsers.proc_net_unix import parse_proc_net_unix
from netfacts.renderers.proc_net_tcp import render_proc_net_tcp
from netfacts.renderers.proc_net_unix import render_proc_net_unix
from netfacts.testing._strategies_proc_net import proc_net_tcp_cases, proc_net_unix_outputs

pytestmark = pytest.mark.property


@given(proc_net_tcp_cases())
def test_tcp_parse_of_render_gives_the_model_back(
        case: tuple[str, ProcNetTcpOutput, dict[str, Any]]) -> None:
    text, expected, hints = case
    parsed = parse_proc_net_tcp(text, source="generated", **hints)
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_proc_net_tcp(parsed) == text


@given(proc_net_tcp_cases())
def test_tcp_json_text_and_fast_path_equal_the_dicts(
        case: tuple[str, ProcNetTcpOutput, dict[str, Any]]) -> None:
    text, expected, hints = case
    dumped = json.dumps(proc_net_tcp_to_json(expected), ensure_ascii=False,
                        separators=(",", ":"))
    assert proc_net_tcp_to_json_text(parse_proc_net_tcp(text, **hints)) == dumped
    assert direct_json(text, **hints)[0] == dumped


@given(proc_net_unix_outputs())
def test_unix_parse_of_render_gives_the_model_back(case: tuple[str, ProcNetUnixOutput]) -> None:
    text, expected = case
    parsed = parse_proc_net_unix(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_proc_net_unix(parsed) == text
    assert proc_net_unix_to_json(parsed) == proc_net_unix_to_json(expected)

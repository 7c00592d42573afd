"""render → parse round trips over generated ``/proc/net/arp`` files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from netfacts.jsonio.arp import proc_net_arp_to_json, proc_net_arp_to_json_text
from netfacts.models.neighbour import ProcNetArpOutput
from netfacts.parsers.proc_net_arp import parse_proc_net_arp
from netfacts.renderers.proc_net_arp import render_proc_net_arp
from netfacts.testing._strategies_neigh import proc_net_arp_outputs

pytestmark = pytest.mark.property


@given(proc_net_arp_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, ProcNetArpOutput]) -> None:
    text, expected = case
    parsed = parse_proc_net_arp(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected


@given(proc_net_arp_outputs())
def test_json(case: tuple[str, ProcNetArpOutput]) -> None:
    text, expected = case
    parsed = parse_proc_net_arp(text)
    assert proc_net_arp_to_json(parsed) == proc_net_arp_to_json(expected)
    dumped = json.dumps(proc_net_arp_to_json(parsed), ensure_ascii=False, separators=(",", ":"))
    assert proc_net_arp_to_json_text(parsed) == dumped


@given(proc_net_arp_outputs())
def test_rendering_is_stable(case: tuple[str, ProcNetArpOutput]) -> None:
    text, _ = case
    assert render_proc_net_arp(parse_proc_net_arp(text)) == text

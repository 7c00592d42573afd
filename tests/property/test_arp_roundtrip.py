"""render → parse round trips over generated ``arp`` outputs (table and BSD style)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from netfacts.jsonio.arp import arp_to_json, arp_to_json_text
from netfacts.models.neighbour import ArpOutput
from netfacts.parsers import arp as parser_module
from netfacts.parsers.arp import parse_arp
from netfacts.renderers.arp import render_arp
from netfacts.testing._strategies_neigh import arp_outputs

pytestmark = pytest.mark.property


@given(arp_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, ArpOutput]) -> None:
    text, expected = case
    parsed = parse_arp(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert (parsed.form, parsed.summary, parsed.message) == (
        expected.form, expected.summary, expected.message)


@given(arp_outputs())
def test_the_shortcut_and_the_line_by_line_path_agree(case: tuple[str, ArpOutput]) -> None:
    text, _ = case
    fast = parse_arp(text)
    parser_module._FAST = False
    try:
        slow = parse_arp(text)
    finally:
        parser_module._FAST = True
    assert fast == slow and fast.form == slow.form


@given(arp_outputs())
def test_json_from_rows_equals_json_from_models(case: tuple[str, ArpOutput]) -> None:
    text, expected = case
    parsed = parse_arp(text)
    assert arp_to_json(parsed) == arp_to_json(expected)


@given(arp_outputs())
def test_json_text_is_exactly_what_json_dumps_prints(case: tuple[str, ArpOutput]) -> None:
    text, expected = case
    for output in (parse_arp(text), expected):
        dumped = json.dumps(arp_to_json(output), ensure_ascii=False, separators=(",", ":"))
        assert arp_to_json_text(output) == dumped


@given(arp_outputs())
def test_rendering_is_stable(case: tuple[str, ArpOutput]) -> None:
    text, _ = case
    assert render_arp(parse_arp(text)) == text

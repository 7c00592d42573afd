"""render → parse round trips over generated links, in every output form."""

from __future__ import annotations

import pytest
from hypothesis import given

import netfacts
from netfacts.models.ip_addr import IpAddrOutput
from netfacts.parsers.ip_addr import parse_ip_addr
from netfacts.renderers.ip_addr import render_ip_addr
from netfacts.testing.strategies import ip_addr_outputs

pytestmark = pytest.mark.property


@given(ip_addr_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, IpAddrOutput]) -> None:
    text, expected = case
    parsed = parse_ip_addr(text, command=expected.form.command, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected


@given(ip_addr_outputs())
def test_json_of_the_reparsed_text_equals_json_of_the_model(
    case: tuple[str, IpAddrOutput],
) -> None:
    text, expected = case
    parsed = parse_ip_addr(text, command=expected.form.command)
    assert netfacts.to_json(parsed) == netfacts.to_json(expected)


@given(ip_addr_outputs())
def test_rendering_is_stable(case: tuple[str, IpAddrOutput]) -> None:
    text, expected = case
    parsed = parse_ip_addr(text, command=expected.form.command)
    assert render_ip_addr(parsed) == text

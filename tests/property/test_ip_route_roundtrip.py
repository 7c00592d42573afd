"""render → parse round trips for ip route and ip rule."""

from __future__ import annotations

import pytest
from hypothesis import given

import netfacts
from netfacts.models.route import IpRouteOutput
from netfacts.models.rule import IpRuleOutput
from netfacts.parsers.ip_route import parse_ip_route
from netfacts.parsers.ip_rule import parse_ip_rule
from netfacts.testing.strategies import ip_route_outputs, ip_rule_outputs

pytestmark = pytest.mark.property


@given(ip_route_outputs())
def test_route_parse_of_render(case: tuple[str, IpRouteOutput]) -> None:
    text, expected = case
    parsed = parse_ip_route(text, family=expected.form.family, get=expected.form.get)
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert netfacts.to_json(parsed) == netfacts.to_json(expected)


@given(ip_rule_outputs())
def test_rule_parse_of_render(case: tuple[str, IpRuleOutput]) -> None:
    text, expected = case
    parsed = parse_ip_rule(text)
    assert parsed.diagnostics == ()
    assert parsed == expected

"""render → parse round trips over generated ip neigh outputs, in both spacing layouts."""

from __future__ import annotations

import pytest
from hypothesis import given

from netfacts.jsonio.ip_neigh import ip_neigh_to_json
from netfacts.models.neighbour import IpNeighOutput
from netfacts.parsers.ip_neigh import parse_ip_neigh
from netfacts.renderers.ip_neigh import render_ip_neigh
from netfacts.testing._strategies_neigh import ip_neigh_outputs

pytestmark = pytest.mark.property


@given(ip_neigh_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, IpNeighOutput]) -> None:
    text, expected = case
    parsed = parse_ip_neigh(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected


@given(ip_neigh_outputs())
def test_json_of_the_reparsed_text_equals_json_of_the_model(
    case: tuple[str, IpNeighOutput],
) -> None:
    text, expected = case
    assert ip_neigh_to_json(parse_ip_neigh(text)) == ip_neigh_to_json(expected)


@given(ip_neigh_outputs())
def test_rendering_is_stable(case: tuple[str, IpNeighOutput]) -> None:
    text, _ = case
    assert render_ip_neigh(parse_ip_neigh(text)) == text

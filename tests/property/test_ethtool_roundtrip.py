"""render → parse round trips over generated ``ethtool`` captures (all six forms)."""

from __future__ import annotations

import pytest
from hypothesis import given

from netfacts.jsonio.ethtool import ethtool_to_json
from netfacts.models.ethtool import EthtoolOutput
from netfacts.parsers.ethtool import parse_ethtool
from netfacts.renderers.ethtool import render_ethtool
from netfacts.testing._strategies_ethtool import ethtool_outputs

pytestmark = pytest.mark.property


@given(ethtool_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, EthtoolOutput]) -> None:
    text, expected = case
    parsed = parse_ethtool(text, mode=expected.mode, ifname=expected.ifname)
    assert [d for d in parsed.diagnostics if d.severity.value != "warning"] == []
    assert len(parsed.diagnostics) == len(expected.messages)
    assert parsed == expected
    assert render_ethtool(parsed) == text
    assert ethtool_to_json(parsed) == ethtool_to_json(expected)


@given(ethtool_outputs())
def test_the_banner_names_the_device_without_hints(case: tuple[str, EthtoolOutput]) -> None:
    text, expected = case
    parsed = parse_ethtool(text)
    if expected.supported and expected.mode in ("settings", "features", "rings", "channels"):
        assert (parsed.mode, parsed.ifname) == (expected.mode, expected.ifname)

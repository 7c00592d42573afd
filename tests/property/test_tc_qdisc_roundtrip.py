"""render → parse round trips over generated ``tc qdisc show`` text."""

from __future__ import annotations

import pytest
from hypothesis import given

from netfacts.jsonio.tc_qdisc import tc_qdisc_to_json
from netfacts.models.tc import TcQdiscOutput
from netfacts.parsers.tc_qdisc import parse_tc_qdisc
from netfacts.renderers.tc_qdisc import render_tc_qdisc
from netfacts.testing._strategies_tc import tc_qdisc_outputs

pytestmark = pytest.mark.property


@given(tc_qdisc_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, TcQdiscOutput]) -> None:
    text, expected = case
    parsed = parse_tc_qdisc(text)
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_tc_qdisc(parsed) == text
    assert tc_qdisc_to_json(parsed) == tc_qdisc_to_json(expected)

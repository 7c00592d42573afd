"""render → parse round trips over generated lsof socket rows."""

from __future__ import annotations

import pytest
from hypothesis import given

from netfacts.jsonio.lsof import lsof_to_json
from netfacts.models.lsof import LsofOutput
from netfacts.parsers.lsof import parse_lsof
from netfacts.renderers.lsof import render_lsof
from netfacts.testing._strategies_proc_net import lsof_outputs

pytestmark = pytest.mark.property


@given(lsof_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, LsofOutput]) -> None:
    text, expected = case
    parsed = parse_lsof(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_lsof(parsed) == text
    assert lsof_to_json(parsed) == lsof_to_json(expected)

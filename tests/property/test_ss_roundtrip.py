"""render → parse round trips over generated ss output, in every column layout."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from netfacts.jsonio.ss import ss_to_json
from netfacts.models.ss import SsOutput
from netfacts.parsers.ss import iter_ss, parse_ss
from netfacts.renderers.ss import render_ss
from netfacts.testing._strategies_sockets import ss_outputs

pytestmark = pytest.mark.property


@given(ss_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, SsOutput]) -> None:
    text, expected = case
    parsed = parse_ss(text, source="generated")
    assert [d.render() for d in parsed.diagnostics] == []
    assert parsed.form == expected.form
    assert parsed == expected


@given(ss_outputs())
def test_json_of_the_reparsed_text_equals_json_of_the_model(case: tuple[str, SsOutput]) -> None:
    text, expected = case
    assert json.dumps(ss_to_json(parse_ss(text))) == json.dumps(ss_to_json(expected))


@given(ss_outputs())
def test_rendering_is_stable(case: tuple[str, SsOutput]) -> None:
    text, _ = case
    assert render_ss(parse_ss(text)) == text


@given(ss_outputs())
def test_streaming_yields_the_same_sockets_and_diagnostics(case: tuple[str, SsOutput]) -> None:
    text, _ = case
    parsed = parse_ss(text)
    stream = iter_ss(text)
    assert tuple(stream) == parsed.sockets
    assert stream.diagnostics == parsed.diagnostics
    assert stream.summary == parsed.summary

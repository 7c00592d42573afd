"""render → parse round trips over generated netstat output, in every mode."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from netfacts.jsonio.netstat import netstat_to_json
from netfacts.models.netstat import NetstatOutput
from netfacts.parsers.netstat import iter_netstat, parse_netstat
from netfacts.renderers.netstat import render_netstat
from netfacts.testing._strategies_sockets import netstat_outputs

pytestmark = pytest.mark.property


def _errors(output: NetstatOutput) -> list[str]:
    return [d.render() for d in output.diagnostics if d.severity.value == "error"]


@given(netstat_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, NetstatOutput]) -> None:
    text, expected = case
    parsed = parse_netstat(text, wide=expected.form.wide, source="generated")
    assert _errors(parsed) == []
    assert parsed.form == expected.form
    assert parsed == expected


@given(netstat_outputs())
def test_json_of_the_reparsed_text_equals_json_of_the_model(
    case: tuple[str, NetstatOutput],
) -> None:
    text, expected = case
    parsed = parse_netstat(text, wide=expected.form.wide)
    assert json.dumps(netstat_to_json(parsed)) == json.dumps(netstat_to_json(expected))


@given(netstat_outputs())
def test_rendering_is_stable(case: tuple[str, NetstatOutput]) -> None:
    text, expected = case
    assert render_netstat(parse_netstat(text, wide=expected.form.wide)) == text


@given(netstat_outputs())
def test_streaming_yields_the_same_records_and_diagnostics(
    case: tuple[str, NetstatOutput],
) -> None:
    text, expected = case
    parsed = parse_netstat(text, wide=expected.form.wide)
    stream = iter_netstat(text.splitlines(keepends=True), wide=expected.form.wide)
    records = list(stream)
    whole = [record for sample in parsed.samples for record in (
        *sample.sockets, *sample.routes, *sample.interfaces, *sample.statistics,
        *sample.groups)]
    assert sorted(map(repr, records)) == sorted(map(repr, whole))
    assert stream.diagnostics == parsed.diagnostics
    assert stream.form == parsed.form

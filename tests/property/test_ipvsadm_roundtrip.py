"""render → parse round trips over generated ipvsadm listings of every mode, and the
grammar's two engines on the fixture lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _fastslow import assert_fast_and_slow_agree
from conftest import FIXTURES
from netfacts.grammar import ipvsadm as g
from netfacts.jsonio.ipvsadm import ipvsadm_to_json
from netfacts.models.ipvs import IpvsadmOutput
from netfacts.parsers.ipvsadm import parse_ipvsadm
from netfacts.renderers.ipvsadm import render_ipvsadm
from netfacts.testing._strategies_ipvsadm import ipvsadm_outputs

pytestmark = pytest.mark.property


@given(ipvsadm_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, IpvsadmOutput]) -> None:
    text, expected = case
    parsed = parse_ipvsadm(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_ipvsadm(parsed) == text
    data = ipvsadm_to_json(parsed)
    assert json.loads(json.dumps(data)) == data


LINES = sorted({line.rstrip() for path in (FIXTURES / "ipvsadm").glob("*/ipvsadm*")
                for line in path.read_text().splitlines() if line.strip()})


def _same(name: str, line: str) -> None:
    assert_fast_and_slow_agree(g.SHAPES[name], line)


def test_fixture_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 100
    for line in LINES:
        for name in g.SHAPES:
            _same(name, line)


@given(st.sampled_from(LINES), st.integers(0, 80), st.text(alphabet=" :[]-.0aK>T", max_size=5))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position:]
    for name in g.SHAPES:
        _same(name, damaged)

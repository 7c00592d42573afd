"""render → parse round trips over generated rulesets, and the nft grammar's two engines.

* parsing a rendered :func:`~netfacts.testing.strategies.nft_outputs` model gives the model
  back, without diagnostics, and renders to the same text;
  and its JSON is plain JSON data (60 examples: each is a whole ruleset);
* on every line of the captures (and damaged copies of them) the compiled regex and the
  pyparsing element of each nft line shape accept the same lines with the same fields.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _fastslow import assert_fast_and_slow_agree
from conftest import FIXTURES
from netfacts.grammar import nft as g
from netfacts.jsonio.nft import nft_to_json
from netfacts.models.nft import NftOutput
from netfacts.parsers.nft import parse_nft
from netfacts.renderers.nft import render_nft
from netfacts.testing._strategies_nft import nft_outputs

pytestmark = pytest.mark.property


@settings(max_examples=60)
@given(nft_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, NftOutput]) -> None:
    text, expected = case
    parsed = parse_nft(text, source="generated")
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected
    assert render_nft(parsed) == text
    data = nft_to_json(parsed)
    assert json.loads(json.dumps(data)) == data
    assert data["nftables"][0] == {"metainfo": {"json_schema_version": 1}}


def _lines() -> list[str]:
    lines: set[str] = set()
    for path in sorted((FIXTURES / "nft").glob("*/nft_*list_ruleset*.txt")):
        for line in path.read_text().splitlines():
            if line.strip():
                lines.add(line.strip())
    return sorted(lines)


LINES = _lines()


def _same(name: str, line: str) -> None:
    assert_fast_and_slow_agree(g.SHAPES[name], line)


def test_capture_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 300
    for line in LINES:
        for name in g.SHAPES:
            _same(name, line)


@given(st.sampled_from(LINES), st.integers(0, 120), st.text(alphabet=' "{}#;:,.-ab0', max_size=6))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position:]
    for name in g.SHAPES:
        _same(name, damaged)

"""No input makes the nft parser, JSON writer or renderer raise anything but ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES
from netfacts.errors import ParseError
from netfacts.jsonio.nft import nft_to_json
from netfacts.parsers.nft import parse_nft
from netfacts.renderers.nft import render_nft
from netfacts.testing.garble import garbled

pytestmark = pytest.mark.property

NFT = FIXTURES / "nft"
CAPTURES = [
    "".join((NFT / "varied" / "nft_-a_list_ruleset.txt").read_text().splitlines(True)[:90]),
    "".join((NFT / "kube-proxy" / "nft_list_ruleset.txt").read_text().splitlines(True)[:120]),
    (NFT / "more" / "nft_list_ruleset.txt").read_text(),
    (NFT / "iptables-nft" / "nft_-a_list_ruleset.merged.txt").read_text(),
]
_NFT_ALPHABET = st.sampled_from(list('table ip inet chain set map { } " # ; : , . @ / - \t\n'
                                     "0123456789abcdefhklmnoprstuvwxy"))


def _check(text: str) -> None:
    output = parse_nft(text, source="fuzz")
    for diagnostic in output.diagnostics:
        assert diagnostic.line >= 0 and diagnostic.column >= 1
    nft_to_json(output)
    render_nft(output)
    try:
        parse_nft(text, strict=True, source="fuzz")
    except ParseError as exc:
        assert "fuzz" in str(exc)


@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


@given(st.text(alphabet=_NFT_ALPHABET, max_size=300))
def test_nft_like_text(text: str) -> None:
    _check(text)


@given(garbled(st.sampled_from(CAPTURES)))
def test_garbled_real_captures(text: str) -> None:
    _check(text)

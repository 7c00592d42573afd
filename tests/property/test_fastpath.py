"""The compiled fast path and the pyparsing grammar are the same language.

* the cached patterns in ``netfacts.grammar._compiled`` are exactly what the
  grammar compiles to now (regenerate with ``python -m netfacts.grammar``);
* on every line of the real captures and on generated lines, the regex and the
  pyparsing element accept the same lines and extract the same fields;
* every atom's fast converter accepts exactly the tokens its element accepts;
* key/value tails read by the fast reader equal the token-by-token walk.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.grammar import _atoms
from netfacts.grammar import ip_addr as g
from netfacts.grammar.__main__ import cached_patterns, compiled_patterns, families
from netfacts.grammar._keywords import walk
from netfacts.models.ip_addr import IpAddrOutput
from netfacts.testing.strategies import ip_addr_outputs

pytestmark = pytest.mark.property


@pytest.mark.parametrize("family", families())
def test_compiled_cache_matches_the_grammar(family: str) -> None:
    assert compiled_patterns(family) == cached_patterns(family)


def _capture_lines() -> list[str]:
    lines: list[str] = []
    paths = sorted(CORPUS.glob("ip-*__*addr*.txt")) + sorted(CORPUS.glob("ip-*__*link*.txt"))
    paths += sorted((NETNS / "ip_addr").glob("*.txt"))
    for path in paths:
        for line in path.read_text().splitlines():
            line = line.rstrip()
            if line:
                lines.extend(re.split(r"\\(?=[ \t])", line))
    return sorted({line.rstrip() for line in lines if line.strip()})


LINES = _capture_lines()


def _same(shape_name: str, line: str) -> None:
    shape = g.SHAPES[shape_name]
    fast = shape.match(line)
    slow = shape.parse_slow(line)
    assert (fast is not None) == (slow is not None), (shape_name, line)
    if fast is not None and slow is not None:
        fast_fields = {k: v for k, v in fast.groupdict().items() if v not in (None, "")}
        assert fast_fields == slow, (shape_name, line)


def test_real_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 500
    for line in LINES:
        for name in g.SHAPES:
            _same(name, line)


_TOKENS = st.text(alphabet="ab09.:/-_<>@ \tfx", max_size=20)


@given(st.sampled_from(LINES), st.integers(0, 200), _TOKENS)
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2 :]
    for name in g.SHAPES:
        _same(name, damaged)


@given(ip_addr_outputs())
def test_generated_lines_fast_and_slow_agree(case: tuple[str, IpAddrOutput]) -> None:
    text, _ = case
    for line in text.splitlines():
        for piece in re.split(r"\\(?=[ \t])", line):
            piece = piece.rstrip()
            if piece:
                for name in g.SHAPES:
                    _same(name, piece)


ATOMS = [
    _atoms.DEC, _atoms.SIGNED, _atoms.HEX, _atoms.FLOAT, _atoms.WORD, _atoms.IFNAME,
    _atoms.IPV4, _atoms.IPV6, _atoms.IPADDR, _atoms.LFT, _atoms.LLADDR,
    g.OPERSTATE, g.NETNSID, g.ONOFF, g.REASON, g.SCOPE,
]
_ATOM_TEXT = st.one_of(
    st.text(alphabet="0123456789abcdefxX.:-<>, forevsunkow\t", max_size=40),
    st.ip_addresses().map(str),
    st.integers().map(str),
    st.sampled_from(["forever", "12sec", "-3sec", "0x1f", "::ffff:1.2.3.4", "1.2.3", "<a,b>"]),
)


@pytest.mark.parametrize("atom", ATOMS, ids=lambda a: a.name)
@given(token=_ATOM_TEXT)
def test_atom_converter_accepts_exactly_what_the_element_accepts(
    atom: _atoms.Atom, token: str
) -> None:
    import pyparsing as pp

    element = atom.element.copy().leave_whitespace() + pp.StringEnd().leave_whitespace()
    element.parse_with_tabs()
    try:
        element.parse_string(token)
        grammar_ok = True
    except pp.ParseBaseException:
        grammar_ok = False
    assert atom.accepts(token) == grammar_ok, (atom.name, token)


_TAIL_WORDS = st.lists(
    st.sampled_from(
        [*g.HEADER_KEYS, *g.LINK_KEYS, *g.ADDRESS_KEYS, "1500", "UP", "eth0", "x", "0x10",
         "ff:ff:ff:ff:ff:ff", "10.0.0.1", "global", "unknown", "<a>", "on"]
    ),
    max_size=12,
)


@pytest.mark.parametrize("name", sorted(g.TAILS))
@given(words=_TAIL_WORDS)
def test_fast_tail_reader_equals_token_walk(name: str, words: list[str]) -> None:
    tail = g.TAILS[name]
    fast = tail.read(" ".join(words))
    slow = walk(words, tail.keys)
    slow.values.pop("__end__", None)
    fast.values.pop("__end__", None)
    # The fast reader hands collected flag lists out as tuples (they are cached).
    slow_values = {k: tuple(v) if isinstance(v, list) else v for k, v in slow.values.items()}
    assert fast.values == slow_values
    assert fast.unknown == slow.unknown
    assert fast.error == slow.error


def test_every_shape_is_covered_by_real_lines() -> None:
    seen = {name for line in LINES for name in g.SHAPES if g.SHAPES[name].match(line)}
    # vf lines exist only on SR-IOV hardware (no capture); all others appear in captures.
    assert seen >= set(g.SHAPES) - {"vf"}


def test_paths_exist() -> None:
    assert Path(CORPUS).is_dir()

"""Shared lexical atoms: one regex pattern per token class, plus an exact fast converter.

Each :class:`Atom` carries

* ``pattern`` — the token's regular expression; :attr:`Atom.element` builds the
  pyparsing ``Regex`` from it (named by its human phrase, so grammar errors say
  "Expected IPv4 address"), and the compiled line patterns embed it;
* ``convert`` — a plain function that turns a token into its typed value and
  raises ``ValueError`` for exactly the tokens the element rejects.

Parsers use ``convert`` on the hot path; the grammar uses ``element``.
``tests/property/test_fastpath.py`` checks that the two agree.  Building the
pyparsing element is deferred so that parsing does not pay for importing
pyparsing unless an error has to be explained.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netfacts.models.values import (
    FOREVER,
    cidr_text,
    ip_address,
    ip_network,
    ip_token,
    link_address,
)

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "DEC",
    "FLOAT",
    "HEX",
    "IFNAME",
    "IPADDR",
    "IPV4",
    "IPV6",
    "LFT",
    "LLADDR",
    "NETWORK",
    "SIGNED",
    "WORD",
    "Atom",
    "sp",
    "word",
]

SP_PATTERN = r"[ \t]+"


def sp() -> pp.ParserElement:
    """Explicit separator: line grammars never skip whitespace implicitly."""
    import pyparsing as pp

    return pp.Regex(SP_PATTERN).suppress().set_name("whitespace")


class Atom:
    """A token class: its pattern, its exact converter, its (lazy) grammar element."""

    __slots__ = ("_element", "any_token", "canonical", "check", "convert", "identity", "name",
                 "pattern", "regex", "row")

    def __init__(
        self,
        name: str,
        pattern: str,
        convert: Callable[[str], Any],
        *,
        check: bool = False,
        any_token: bool = False,
        canonical: str | None = None,
        row: Callable[[str], Any] | None = None,
        identity: bool = False,
    ) -> None:
        self.name = name
        self.pattern = pattern
        self.regex = re.compile(pattern)
        self.convert = convert
        self.check = check
        """The pattern only pre-filters; ``convert`` decides (IP addresses)."""
        self.any_token = any_token
        """Every whitespace-free token is accepted: a split token needs no check."""
        self.canonical = pattern if canonical is None else canonical
        """The tokens a canonical line (see :class:`~netfacts.grammar._keywords.Layout`)
        takes here: the pattern, or a part of it whose tokens are already in the form the
        tool prints (``DEC``: no leading zeros, at most 20 digits)."""
        self.row = convert if row is None else row
        """Token → the value a parser keeps in its rows: the model value, or, where the
        model's object is costly (IP addresses and networks), its canonical text, validated
        exactly like ``convert`` (the models are built from it later)."""
        self.identity = identity or any_token
        """``convert`` returns the token itself: a token the pattern matched needs no call."""
        self._element: pp.ParserElement | None = None

    @property
    def element(self) -> pp.ParserElement:
        """The pyparsing terminal (built on first use)."""
        if self._element is None:
            import pyparsing as pp

            element: pp.ParserElement = pp.Regex(self.pattern)
            if self.check:
                convert = self.convert

                def valid(tokens: pp.ParseResults) -> bool:
                    try:
                        convert(tokens[0])
                    except ValueError:
                        return False
                    return True

                element = element.add_condition(valid)
            self._element = element.set_name(self.name)
        return self._element

    def __call__(self, results_name: str) -> pp.ParserElement:
        """The element with a results name, for use in line grammars."""
        return self.element(results_name)

    def accepts(self, token: str) -> bool:
        """True when ``convert`` takes the token."""
        try:
            self.convert(token)
        except ValueError:
            return False
        return True


def _dec(token: str) -> int:
    if token.isascii() and token.isdigit():
        return int(token)
    raise ValueError(f"not a decimal number: {token!r}")


def _signed(token: str) -> int:
    body = token[1:] if token[:1] == "-" else token
    if body.isascii() and body.isdigit():
        return int(token)
    raise ValueError(f"not a decimal number: {token!r}")


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _hex(token: str) -> str:
    body = token[2:] if token[:2] in ("0x", "0X") else token
    if body and _HEX_DIGITS.issuperset(body):
        return token
    raise ValueError(f"not a hexadecimal number: {token!r}")


def _float(token: str) -> float:
    head, dot, tail = token.partition(".")
    head = head[1:] if head[:1] == "-" else head
    if head.isascii() and head.isdigit() and (not dot or (tail.isascii() and tail.isdigit())):
        return float(token)
    raise ValueError(f"not a decimal number: {token!r}")


_NON_SPACE = re.compile(r"\S+")


def word(token: str) -> str:
    """``token`` when it is a whitespace-free word, else ``ValueError``."""
    if _NON_SPACE.fullmatch(token):
        return token
    raise ValueError(f"not a word: {token!r}")


_IFNAME = re.compile(r"[^\s:/]+")


def _ifname(token: str) -> str:
    if _IFNAME.fullmatch(token):
        return token
    raise ValueError(f"not an interface name: {token!r}")


def _ipv4(token: str) -> ipaddress.IPv4Address:
    address = ip_address(token)
    if isinstance(address, ipaddress.IPv4Address):
        return address
    raise ValueError(f"not an IPv4 address: {token!r}")


def _ipv6(token: str) -> ipaddress.IPv6Address:
    address = ip_address(token)
    if isinstance(address, ipaddress.IPv6Address):
        return address
    raise ValueError(f"not an IPv6 address: {token!r}")


def _lft(token: str) -> int:
    if token == "forever":
        return FOREVER
    if token.endswith("sec"):
        return _signed(token[:-3])
    raise ValueError(f"not a lifetime: {token!r}")


def _lladdr(token: str) -> Any:
    return link_address(token)


DEC = Atom("decimal number", r"[0-9]+", _dec, canonical=r"0|[1-9][0-9]{0,19}")
SIGNED = Atom("decimal number", r"-?[0-9]+", _signed)
HEX = Atom("hexadecimal number", r"(?:0[xX])?[0-9a-fA-F]+", _hex)
FLOAT = Atom("decimal number", r"-?[0-9]+(?:\.[0-9]+)?", _float)
WORD = Atom("word", r"\S+", word, any_token=True)
IFNAME = Atom("interface name", r"[^\s:/]+", _ifname, identity=True)
IPV4 = Atom("IPv4 address", r"[0-9.]+", _ipv4, check=True)
IPV6 = Atom("IPv6 address", r"[0-9a-fA-F:.]+", _ipv6, check=True)
IPADDR = Atom("IP address", r"[0-9a-fA-F:.]+", ip_address, check=True, row=ip_token)
NETWORK = Atom("IP prefix", r"[0-9a-fA-F:.]+(?:/[0-9]+)?", ip_network, check=True, row=cidr_text)
LFT = Atom("lifetime", r"forever|-?[0-9]+sec", _lft)
LLADDR = Atom("link-layer address", r"[0-9a-fA-F:.]+", _lladdr, check=True)

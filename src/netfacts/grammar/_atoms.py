"""Shared lexical atoms: named pyparsing terminals plus exact fast converters.

Each :class:`Atom` carries

* ``element`` — a pyparsing ``Regex`` (used to build line grammars, error
  messages name it by its human phrase), and
* ``convert`` — a plain function that turns a token into its typed value and
  raises ``ValueError`` for exactly the tokens ``element`` rejects.

Parsers use ``convert`` on the hot path (key/value tails are split with
``str.split``); the grammar uses ``element``.  A property test asserts that
the two agree on arbitrary tokens.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

import pyparsing as pp

from netfacts.models.values import FOREVER, ip_address, link_address

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
    "SIGNED",
    "SP",
    "WORD",
    "Atom",
    "regex",
]

SP = pp.Regex(r"[ \t]+").suppress().set_name("whitespace")
"""Explicit separator: line grammars never skip whitespace implicitly."""


def regex(pattern: str, name: str) -> pp.ParserElement:
    """A named ``Regex`` terminal."""
    return pp.Regex(pattern).set_name(name)


class Atom:
    """A token class: its grammar element and its exact converter."""

    __slots__ = ("convert", "element", "name")

    def __init__(self, name: str, element: pp.ParserElement, convert: Callable[[str], Any]):
        self.name = name
        self.element = element.set_name(name)
        self.convert = convert

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


def _word(token: str) -> str:
    if token and not any(ch.isspace() for ch in token):
        return token
    raise ValueError(f"not a word: {token!r}")


def _ifname(token: str) -> str:
    if token and len(token.encode()) <= 255 and not any(ch.isspace() or ch in ":/" for ch in token):
        return token
    raise ValueError(f"not an interface name: {token!r}")


def _ipv4(token: str) -> ipaddress.IPv4Address:
    if ":" in token:
        raise ValueError(f"not an IPv4 address: {token!r}")
    address = ip_address(token)
    assert isinstance(address, ipaddress.IPv4Address)
    return address


def _ipv6(token: str) -> ipaddress.IPv6Address:
    if ":" not in token:
        raise ValueError(f"not an IPv6 address: {token!r}")
    address = ip_address(token)
    assert isinstance(address, ipaddress.IPv6Address)
    return address


def _lft(token: str) -> int:
    if token == "forever":
        return FOREVER
    if token.endswith("sec"):
        return _signed(token[:-3])
    raise ValueError(f"not a lifetime: {token!r}")


def _lladdr(token: str) -> Any:
    return link_address(token)


def _checked(pattern: str, convert: Callable[[str], Any]) -> pp.ParserElement:
    """A Regex whose match must also pass ``convert`` (exactness for IP addresses)."""

    def valid(tokens: pp.ParseResults) -> bool:
        try:
            convert(tokens[0])
        except ValueError:
            return False
        return True

    return pp.Regex(pattern).add_condition(valid)


DEC = Atom("decimal number", pp.Regex(r"[0-9]+"), _dec)
SIGNED = Atom("decimal number", pp.Regex(r"-?[0-9]+"), _signed)
HEX = Atom("hexadecimal number", pp.Regex(r"(?:0[xX])?[0-9a-fA-F]+"), _hex)
FLOAT = Atom("decimal number", pp.Regex(r"-?[0-9]+(?:\.[0-9]+)?"), _float)
WORD = Atom("word", pp.Regex(r"\S+"), _word)
IFNAME = Atom("interface name", pp.Regex(r"[^\s:/]+"), _ifname)
IPV4 = Atom("IPv4 address", _checked(r"[0-9.]+", _ipv4), _ipv4)
IPV6 = Atom("IPv6 address", _checked(r"[0-9a-fA-F:.]+", _ipv6), _ipv6)
IPADDR = Atom("IP address", _checked(r"[0-9a-fA-F:.]+", ip_address), ip_address)
LFT = Atom("lifetime", pp.Regex(r"forever|-?[0-9]+sec"), _lft)
LLADDR = Atom("link-layer address", _checked(r"[0-9a-fA-F:.]+", _lladdr), _lladdr)

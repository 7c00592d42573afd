"""Small value types shared by the models: link-layer addresses and open enums."""

from __future__ import annotations

import enum
import functools
import ipaddress
import re

try:  # the C module behind ``socket``: same functions, a fraction of the import time
    from _socket import AF_INET, AF_INET6, inet_ntop, inet_pton
except ImportError:  # pragma: no cover - other interpreters
    from socket import AF_INET, AF_INET6, inet_ntop, inet_pton
from typing import Any, TypeVar

__all__ = [
    "FOREVER",
    "MAX_DIGITS",
    "IPAddress",
    "IPInterface",
    "IPNetwork",
    "LinkAddress",
    "MacAddress",
    "OpenEnum",
    "address_text",
    "cidr_text",
    "ip_address",
    "ip_network",
    "ip_text",
    "ip_token",
    "is_decimal",
    "link_address",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface

_AF4 = AF_INET
_AF6 = AF_INET6

FOREVER = 0xFFFFFFFF
"""Lifetime value meaning ``forever`` (what ``ip -j`` prints as 4294967295)."""

MAX_DIGITS = 4300
"""The longest digit string read as an integer: Python's own conversion limit (longer
text makes ``int()`` raise).  No counter of these tools comes near it (a u64 has 20)."""


def is_decimal(text: str) -> bool:
    """``text`` is ASCII digits that ``int()`` converts (``"²"``/``"٣"`` are not: their
    ``str.isdigit()`` is true; neither is a number longer than :data:`MAX_DIGITS`)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS


_MAC_TEXT = re.compile(r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*")


def _hex_octets(text: str) -> bytes:
    if _MAC_TEXT.fullmatch(text) is None:
        raise ValueError(f"not a colon-separated hex address: {text!r}")
    return bytes.fromhex(text.replace(":", ""))


@functools.total_ordering
class MacAddress:
    """A link-layer address of any length (6 bytes Ethernet, 20 InfiniBand, 1 for tun).

    Immutable and hashable; printed, like iproute2 does, as lower-case two-digit
    hex bytes joined by ``:``.
    """

    __slots__ = ("_text", "octets")

    octets: bytes
    _text: str

    def __init__(self, octets: bytes) -> None:
        object.__setattr__(self, "octets", bytes(octets))
        object.__setattr__(self, "_text", ":".join(f"{byte:02x}" for byte in self.octets))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MacAddress is immutable")

    @classmethod
    def parse(cls, text: str) -> MacAddress:
        """Read ``02:00:00:00:50:0a`` (case-insensitive); raises ``ValueError``."""
        return _parse_mac(text)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"MacAddress('{self._text}')"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MacAddress):
            return self.octets == other.octets
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, MacAddress):
            return self.octets < other.octets
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.octets)

    def __reduce__(self) -> tuple[type[MacAddress], tuple[bytes]]:
        return (MacAddress, (self.octets,))

    @property
    def is_zero(self) -> bool:
        """All bytes zero (the loopback device's address)."""
        return not any(self.octets)

    @property
    def is_broadcast(self) -> bool:
        """All bytes 0xff."""
        return bool(self.octets) and all(byte == 0xFF for byte in self.octets)

    @property
    def is_locally_administered(self) -> bool:
        """The U/L bit of the first byte is set (random and virtual-device MACs)."""
        return bool(self.octets) and bool(self.octets[0] & 0x02)


@functools.lru_cache(maxsize=8192)
def _parse_mac(text: str) -> MacAddress:
    octets = _hex_octets(text)
    mac = object.__new__(MacAddress)
    object.__setattr__(mac, "octets", octets)
    object.__setattr__(mac, "_text", text.lower())
    return mac


LinkAddress = MacAddress | ipaddress.IPv4Address | ipaddress.IPv6Address
"""What ``link/<type>`` lines and ``lladdr`` carry: usually a MAC, a dotted quad for
ipip/gre/sit devices, an IPv6 address for ip6 tunnels."""


@functools.lru_cache(maxsize=8192)
def link_address(text: str) -> LinkAddress:
    """Read a link-layer address as printed by iproute2 (MAC, dotted quad or IPv6)."""
    if "." in text:
        return ipaddress.IPv4Address(text)
    try:
        return _parse_mac(text)
    except ValueError:
        return ipaddress.IPv6Address(text)


@functools.lru_cache(maxsize=16384)
def ip_address(text: str) -> IPAddress:
    """An ``ipaddress`` object for ``text``, cached (the same addresses recur in every table).

    Reads with ``inet_pton`` (several times faster than ``ipaddress`` parsing, and
    the same rules iproute2 and the kernel use); raises ``ValueError``.
    """
    try:
        if ":" in text:
            return ipaddress.IPv6Address(int.from_bytes(inet_pton(_AF6, text), "big"))
        return ipaddress.IPv4Address(inet_pton(_AF4, text))
    except (OSError, ValueError, UnicodeError):
        raise ValueError(f"not an IP address: {text!r}") from None


_AF = {4: _AF4, 6: _AF6}


@functools.lru_cache(maxsize=16384)
def ip_network(text: str) -> IPNetwork:
    """``ipaddress.ip_network(text, strict=False)``, cached and about twice as fast.

    The address part is read with ``inet_pton``; a missing ``/len`` means a host.
    Raises ``ValueError`` like ``ipaddress`` does.
    """
    address, slash, length = text.partition("/")
    try:
        if ":" in address:
            number = int.from_bytes(inet_pton(_AF6, address), "big")
            bits = int(length) if slash else 128
            if not length.isascii() or not 0 <= bits <= 128 or (slash and not length.isdigit()):
                raise ValueError(text)
            return ipaddress.IPv6Network((number, bits), strict=False)
        number = int.from_bytes(inet_pton(_AF4, address), "big")
        bits = int(length) if slash else 32
        if not length.isascii() or not 0 <= bits <= 32 or (slash and not length.isdigit()):
            raise ValueError(text)
        return ipaddress.IPv4Network((number, bits), strict=False)
    except (OSError, ValueError, UnicodeError):
        raise ValueError(f"not an IP network: {text!r}") from None


def ip_token(text: str) -> str:
    """The canonical text of the address ``text`` (what :func:`ip_text` prints for
    ``ip_address(text)``) without building an object; raises ``ValueError`` where
    :func:`ip_address` does.  A dotted quad that ``inet_pton`` accepts is canonical."""
    try:
        if ":" in text:
            return inet_ntop(_AF6, inet_pton(_AF6, text))
        inet_pton(_AF4, text)
    except (OSError, ValueError, UnicodeError):
        raise ValueError(f"not an IP address: {text!r}") from None
    return text


_ZERO_HOST = {"24": ".0", "16": ".0.0", "8": ".0.0.0"}
"""Common IPv4 prefix lengths whose host part is zero when the text ends like this."""


def cidr_text(text: str) -> str:
    """``ADDRESS/LEN`` of the network :func:`ip_network` reads from ``text`` (host bits
    cleared, a missing length meaning a host), without building an object; raises
    ``ValueError`` exactly where :func:`ip_network` does."""
    address, slash, length = text.partition("/")
    try:
        six = ":" in address
        packed = inet_pton(_AF6 if six else _AF4, address)
        if slash and not (length.isascii() and length.isdigit()):
            raise ValueError(text)
        top = 128 if six else 32
        bits = int(length) if slash else top
        if bits > top:
            raise ValueError(text)
    except (OSError, ValueError, UnicodeError):
        raise ValueError(f"not an IP network: {text!r}") from None
    if bits == top:
        return f"{inet_ntop(_AF6, packed) if six else address}/{bits}"
    if not six and address.endswith(_ZERO_HOST.get(length, "\x00")):
        return text
    number = int.from_bytes(packed, "big") >> (top - bits) << (top - bits)
    return f"{inet_ntop(_AF6 if six else _AF4, number.to_bytes(top // 8, 'big'))}/{bits}"


def ip_text(address: IPAddress) -> str:
    """``address`` as iproute2 prints it (``inet_ntop``: ``::ffff:1.2.3.4`` stays dotted)."""
    return inet_ntop(_AF[address.version], address.packed)


def address_text(value: IPAddress | MacAddress | str) -> str:
    """An address field as iproute2 prints it: IPs by :func:`ip_text`, link-layer
    addresses as colon hex, text (kept because it did not parse) as it was."""
    if isinstance(value, (MacAddress, str)):
        return str(value)
    return ip_text(value)


E = TypeVar("E", bound="OpenEnum")


MAX_UNKNOWN_ENUM_VALUES = 1024
"""How many unknown values each :class:`OpenEnum` remembers (input chooses them)."""


class OpenEnum(str, enum.Enum):
    """A string enum that also accepts values it does not know.

    ``OperState("UP") is OperState.UP``, while ``OperState("FANCY")`` returns a
    pseudo-member whose ``value`` and ``name`` are ``"FANCY"`` and whose
    ``known`` property is False.  Newer tool versions therefore never make
    parsing fail, and nothing they print is dropped.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        # Cache so that equal unknown values are the same object, up to a bound: input
        # decides how many unknown words there are (beyond it they are equal, not identical)
        known = cls._value2member_map_
        if len(known) - len(cls.__members__) >= MAX_UNKNOWN_ENUM_VALUES:
            return known.get(value, pseudo)
        return known.setdefault(value, pseudo)

    @classmethod
    def of(cls: type[E], value: str) -> E:
        """``cls(value)`` without the enum machinery's overhead (hot parser paths)."""
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[return-value]
        return cls(value)

    @property
    def known(self) -> bool:
        """True for the values the tool documents, False for pseudo-members."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)

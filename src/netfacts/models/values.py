"""Small value types shared by the models: link-layer addresses and open enums."""

from __future__ import annotations

import enum
import functools
import ipaddress
from typing import Any, TypeVar

import attrs

__all__ = [
    "FOREVER",
    "IPAddress",
    "IPNetwork",
    "LinkAddress",
    "MacAddress",
    "OpenEnum",
    "ip_address",
    "link_address",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

FOREVER = 0xFFFFFFFF
"""Lifetime value meaning ``forever`` (what ``ip -j`` prints as 4294967295)."""


def _hex_octets(text: str) -> bytes:
    parts = text.split(":")
    if any(len(part) != 2 for part in parts):
        raise ValueError(f"not a colon-separated hex address: {text!r}")
    return bytes.fromhex("".join(parts))


@attrs.frozen(order=True)
class MacAddress:
    """A link-layer address of any length (6 bytes Ethernet, 20 InfiniBand, 1 for tun).

    Printed, like iproute2 does, as lower-case two-digit hex bytes joined by ``:``.
    """

    octets: bytes

    @classmethod
    def parse(cls, text: str) -> MacAddress:
        """Read ``02:00:00:00:50:0a`` (case-insensitive); raises ``ValueError``."""
        return _parse_mac(text)

    def __str__(self) -> str:
        return ":".join(f"{byte:02x}" for byte in self.octets)

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


@functools.lru_cache(maxsize=65536)
def _parse_mac(text: str) -> MacAddress:
    return MacAddress(_hex_octets(text))


LinkAddress = MacAddress | ipaddress.IPv4Address | ipaddress.IPv6Address
"""What ``link/<type>`` lines and ``lladdr`` carry: usually a MAC, a dotted quad for
ipip/gre/sit devices, an IPv6 address for ip6 tunnels."""


@functools.lru_cache(maxsize=65536)
def link_address(text: str) -> LinkAddress:
    """Read a link-layer address as printed by iproute2 (MAC, dotted quad or IPv6)."""
    if "." in text:
        return ipaddress.IPv4Address(text)
    try:
        return _parse_mac(text)
    except ValueError:
        return ipaddress.IPv6Address(text)


@functools.lru_cache(maxsize=131072)
def ip_address(text: str) -> IPAddress:
    """``ipaddress.ip_address`` with a cache (the same addresses recur in every table)."""
    if ":" in text:
        return ipaddress.IPv6Address(text)
    return ipaddress.IPv4Address(text)


E = TypeVar("E", bound="OpenEnum")


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
        # Cache so that equal unknown values are the same object.
        return cls._value2member_map_.setdefault(value, pseudo)

    @property
    def known(self) -> bool:
        """True for the values the tool documents, False for pseudo-members."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)

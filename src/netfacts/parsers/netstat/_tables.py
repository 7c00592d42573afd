"""netstat's other sections: routes, the interface table, ``-ie`` blocks, ``-s``, ``-g``."""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import Any

from netfacts.grammar import netstat as g
from netfacts.models.netstat import (
    IfconfigAddress,
    IfconfigInterface,
    MulticastGroup,
    NetstatInterface,
    NetstatRoute,
    StatEntry,
)
from netfacts.models.values import IPAddress, ip_address

__all__ = [
    "IfconfigBuilder",
    "group_row",
    "iface_row",
    "route6_row",
    "route_row",
    "stat_line",
]

_S = g.SHAPES
_NUMBER = re.compile(r"(?<!\S)-?[0-9]+(?!\S)")


def _num(text: str) -> int | None:
    return None if text == "-" else int(text)


def _host(text: str, width: int, truncated: list[str], field: str) -> Any:
    """An IPv4 address, or a name (``default``, host/network names cut at ``width``)."""
    try:
        return ip_address(text)
    except ValueError:
        if len(text) >= width and text != "default":
            truncated.append(field)
        return text


def route_row(match: re.Match[str], variant: str) -> NetstatRoute:
    """One IPv4 route row (``variant``: ``route_row``, ``route_row_e``, ``route_row_ee``)."""
    truncated: list[str] = []
    fields = match.groupdict()
    destination = _host(fields["destination"], 15, truncated, "destination")
    gateway_text = fields["gateway"]
    gateway: Any
    if gateway_text == "-":
        gateway = None
    elif gateway_text == "*":
        gateway = "*"
    else:
        gateway = _host(gateway_text, 15, truncated, "gateway")
    genmask_text = fields["genmask"]
    genmask = None if genmask_text == "-" else ip_address(genmask_text)
    iface = fields["iface"]
    if variant == "route_row_ee" and len(iface) >= 6 and iface != "-":
        truncated.append("iface")
    values: dict[str, Any] = {}
    for name in ("metric", "ref", "use", "mss", "window", "irtt"):
        text = fields.get(name)
        if text is not None:
            values[name] = _num(text)
    return NetstatRoute(
        family="inet",
        destination=destination,
        gateway=gateway,
        genmask=genmask,
        flags=fields["flags"],
        iface=None if iface == "-" else iface,
        truncated=tuple(truncated),
        **values,
    )


_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
"""A host name net-tools printed instead of an address (``ip6-localhost``, ``gw-a.example``)."""
_IPV4_TEXT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")


def _address6(text: str) -> str:
    """The IPv6 address text of a net-tools IPv6 field: ``[::]`` is how it prints ``::``
    without ``-n``, and a dotted quad (``0.0.0.0/96``) an IPv4-mapped address."""
    if text == "[::]":
        return "::"
    if _IPV4_TEXT.fullmatch(text):
        return "::ffff:" + text
    return text


@functools.lru_cache(maxsize=4096)
def _network6(text: str) -> ipaddress.IPv6Network | str:
    """A destination ``ADDRESS/LEN``; a host name (``ip6-localhost/128``) stays text."""
    address, slash, length = text.rpartition("/")
    if not slash:
        raise ValueError(f"Expected PREFIX/LENGTH, found {text!r}")
    try:
        return ipaddress.IPv6Network(f"{_address6(address)}/{length}", strict=False)
    except ValueError:
        if _NAME.fullmatch(address) and length.isascii() and length.isdigit() and \
                int(length) <= 128:
            return text
        raise


def route6_row(match: re.Match[str]) -> NetstatRoute:
    """One ``Kernel IPv6 routing table`` row (``route -6``, ``netstat -6 -r``, with or
    without ``-n``)."""
    fields = match.groupdict()
    next_hop_text = fields["next_hop"]
    try:
        next_hop: Any = ip_address(_address6(next_hop_text))
    except ValueError:
        if not _NAME.fullmatch(next_hop_text):
            raise ValueError(
                f"Expected an address or host name, found {next_hop_text!r}") from None
        next_hop = next_hop_text
    iface = fields["iface"]
    return NetstatRoute(
        family="inet6",
        destination=_network6(fields["destination"]),
        gateway=next_hop,
        flags=fields["flags"],
        metric=int(fields["metric"]),
        ref=int(fields["ref"]),
        use=int(fields["use"]),
        iface=None if iface == "-" else iface,
    )


def iface_row(match: re.Match[str], name_width: int, stats: bool) -> NetstatInterface:
    """One ``netstat -i`` row (``stats`` False for ``- no statistics available -``)."""
    fields = match.groupdict()
    name = fields["name"]
    values: dict[str, Any] = {}
    if stats:
        for key in ("rx_ok", "rx_err", "rx_drp", "rx_ovr", "tx_ok", "tx_err", "tx_drp", "tx_ovr"):
            values[key] = int(fields[key])
    met = fields.get("met")
    return NetstatInterface(
        name=name,
        mtu=int(fields["mtu"]),
        metric=int(met) if met is not None else None,
        flags=fields["flags"],
        truncated=name_width < 15 and len(name) >= name_width,
        **values,
    )


def group_row(match: re.Match[str]) -> MulticastGroup:
    """One ``netstat -g`` row."""
    iface = match.group("iface")
    text = match.group("group")
    group: Any
    try:
        group = ip_address(text)
    except ValueError:
        group = text
    return MulticastGroup(
        interface=iface,
        refcnt=int(match.group("refcnt")),
        group=group,
        truncated=len(iface) >= 15 or len(iface) == 10,
    )


def stat_line(line: str, group: str | None) -> tuple[str, StatEntry | None]:
    """Classify one indented ``-s`` line: ("group", None) for a sub-heading, else
    ("entry", StatEntry)."""
    match = _S["stats_value"].match(line)
    if match is not None:
        return "entry", StatEntry(key=match.group("key"), value=int(match.group("value")),
                                  group=group)
    match = _S["stats_group"].match(line)
    if match is not None:
        return "group", StatEntry(key=match.group("group"))
    text = line.strip()
    number = _NUMBER.search(text)
    if number is None:
        return "entry", StatEntry(key=text, group=group)
    sentence = text[: number.start()] + "{}" + text[number.end() :]
    key = " ".join((text[: number.start()] + " " + text[number.end() :]).split())
    return "entry", StatEntry(key=key, value=int(number.group()), sentence=sentence, group=group)


# ---------------------------------------------------------------- -ie blocks

_SCOPES_OLD = {"Link": "link", "Global": "global", "Host": "host", "Site": "site",
               "Compat": "compat", "Unknown": "unknown"}


def _ip(text: str | None) -> IPAddress | None:
    return ip_address(text) if text is not None else None


class IfconfigBuilder:
    """Collects the lines of one ``-ie`` block (either layout) into an IfconfigInterface."""

    __slots__ = ("addresses", "extra", "fields", "line")

    def __init__(self, line: int, fields: dict[str, Any]) -> None:
        self.line = line
        self.fields = fields
        self.addresses: list[IfconfigAddress] = []
        self.extra: list[str] = []

    @classmethod
    def new_style(cls, number: int, match: re.Match[str]) -> IfconfigBuilder:
        flags = match.group("flags")
        fields: dict[str, Any] = {
            "name": match.group("name"),
            "flags_value": int(match.group("value")),
            "flags": tuple(flags.split(",")) if flags else (),
        }
        if match.group("mtu") is not None:
            fields["mtu"] = int(match.group("mtu"))
        if match.group("metric") is not None:
            fields["metric"] = int(match.group("metric"))
        return cls(number, fields)

    @classmethod
    def old_style(cls, number: int, match: re.Match[str]) -> IfconfigBuilder:
        name = match.group("name")
        fields: dict[str, Any] = {
            "name": name,
            "encap": match.group("encap"),
            "truncated": len(name) >= 9,
        }
        if match.group("hwaddr") is not None:
            fields["hwaddr"] = match.group("hwaddr")
        return cls(number, fields)

    def add(self, line: str, legacy: bool) -> bool:
        """Read one indented line; False when it has none of the known shapes."""
        fields = self.fields
        body = line.lstrip()
        if not legacy:
            head = body[:5]
            if head == "inet ":
                match = _S["ifc_inet"].match(line)
                if match is None:
                    return False
                self.addresses.append(IfconfigAddress(
                    family="inet", address=ip_address(match.group("address")),
                    netmask=_ip(match.group("netmask")), broadcast=_ip(match.group("broadcast")),
                    destination=_ip(match.group("destination"))))
                return True
            if head == "inet6":
                match = _S["ifc_inet6"].match(line)
                if match is None:
                    return False
                scopeid = match.group("scopeid")
                self.addresses.append(IfconfigAddress(
                    family="inet6", address=ip_address(match.group("address")),
                    prefixlen=int(match.group("prefixlen")),
                    scopeid=int(scopeid, 16) if scopeid is not None else None,
                    scope=match.group("scope")))
                return True
            if body.startswith(("RX packets", "TX packets")):
                match = _S["ifc_packets"].match(line)
                if match is None:
                    return False
                side = match.group("dir").lower()
                fields[f"{side}_packets"] = int(match.group("packets"))
                fields[f"{side}_bytes"] = int(match.group("bytes"))
                return True
            if body.startswith("RX errors"):
                match = _S["ifc_rx_errors"].match(line)
                if match is None:
                    return False
                for key in ("errors", "dropped", "overruns", "frame"):
                    fields[f"rx_{key}"] = int(match.group(key))
                return True
            if body.startswith("TX errors"):
                match = _S["ifc_tx_errors"].match(line)
                if match is None:
                    return False
                for key in ("errors", "dropped", "overruns", "carrier"):
                    fields[f"tx_{key}"] = int(match.group(key))
                fields["collisions"] = int(match.group("collisions"))
                return True
            match = _S["ifc_link"].match(line)
            if match is not None and "link_type" not in fields:
                fields["link_type"] = match.group("link_type")
                for key in ("hwaddr", "encap"):
                    if match.group(key) is not None:
                        fields[key] = match.group(key)
                if match.group("txqueuelen") is not None:
                    fields["txqueuelen"] = int(match.group("txqueuelen"))
                return True
        else:
            for shape in ("ifo_inet", "ifo_inet6", "ifo_flags", "ifo_rx", "ifo_tx",
                          "ifo_collisions", "ifo_bytes"):
                match = _S[shape].match(line)
                if match is not None:
                    self._old(shape, match)
                    return True
        match = _S["ifc_other"].match(line)
        if match is None:
            return False
        self.extra.append(match.group("text"))
        return True

    def _old(self, shape: str, match: re.Match[str]) -> None:
        fields = self.fields
        values = {k: v for k, v in match.groupdict().items() if v is not None}
        if shape == "ifo_inet":
            self.addresses.append(IfconfigAddress(
                family="inet", address=ip_address(values["address"]),
                netmask=_ip(values.get("netmask")), broadcast=_ip(values.get("broadcast")),
                destination=_ip(values.get("destination"))))
        elif shape == "ifo_inet6":
            scope = values["scope"]
            self.addresses.append(IfconfigAddress(
                family="inet6", address=ip_address(values["address"]),
                prefixlen=int(values["prefixlen"]), scope=_SCOPES_OLD.get(scope, scope.lower())))
        elif shape == "ifo_flags":
            flags = values.get("flags")
            fields["flags"] = tuple(flags.split()) if flags else ()
            fields["mtu"] = int(values["mtu"])
            fields["metric"] = int(values["metric"])
        elif shape in ("ifo_rx", "ifo_tx"):
            side = "rx" if shape == "ifo_rx" else "tx"
            last = "frame" if side == "rx" else "carrier"
            for key in ("packets", "errors", "dropped", "overruns", last):
                fields[f"{side}_{key}"] = int(values[key])
        elif shape == "ifo_collisions":
            fields["collisions"] = int(values["collisions"])
            if "txqueuelen" in values:
                fields["txqueuelen"] = int(values["txqueuelen"])
        else:
            fields["rx_bytes"] = int(values["rx_bytes"])
            fields["tx_bytes"] = int(values["tx_bytes"])

    def build(self) -> IfconfigInterface:
        return IfconfigInterface(
            addresses=tuple(self.addresses), extra_lines=tuple(self.extra), **self.fields
        )

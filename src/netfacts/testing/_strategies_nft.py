"""Hypothesis strategies for nftables rulesets (``nft [-a] list ruleset``).

Re-exported by :mod:`netfacts.testing.strategies`.  :func:`nft_outputs` draws a model and
renders it, so every text comes with its ground truth::

    from hypothesis import given
    from netfacts.testing.strategies import nft_outputs

    @given(nft_outputs())
    def test_my_tool(case):
        text, expected = case
        ...

Rules are built from the statements kube-proxy and hand-written firewalls use (payload,
meta and ct matches with typed values, sets, verdict maps, counters, NAT, log, limit,
quota, reject, mangling), plus statements netfacts does not know (kept verbatim) and
iptables-nft's silent comment match.  Sets and maps get elements of their declared type.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from netfacts.models.nft import (
    NftBinop,
    NftChain,
    NftConcat,
    NftCounter,
    NftCt,
    NftCtCount,
    NftElement,
    NftExpr,
    NftFamily,
    NftFib,
    NftForm,
    NftLimit,
    NftLog,
    NftMangle,
    NftMapLookup,
    NftMatch,
    NftMeta,
    NftNat,
    NftNumgen,
    NftObject,
    NftOutput,
    NftPayload,
    NftQuota,
    NftReject,
    NftRule,
    NftSet,
    NftSetExpr,
    NftSetRef,
    NftSetStatement,
    NftSimple,
    NftStatement,
    NftTable,
    NftTableItem,
    NftUnknown,
    NftValue,
    NftVerdict,
    NftVerdictMap,
    NftXt,
)
from netfacts.renderers.nft import render_nft

__all__ = ["nft_outputs", "nft_rules", "nft_tables"]

_NAME = st.from_regex(r"[a-z][a-z0-9_-]{0,11}(/[a-z0-9-]{1,8}){0,2}", fullmatch=True)
_COMMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 :/.-_{}>", min_size=0,
                   max_size=30)
_PORT = st.integers(0, 65535)
_STATES = ("established", "related", "new", "invalid", "untracked")
_PROTOS = ("tcp", "udp", "sctp", "icmp", "ipv6-icmp", "esp")
_PRIORITIES = ("filter", "raw", "mangle", "dstnat", "srcnat", "security", "dstnat - 10",
               "filter + 5", "-110", "-90", "0", "100")
_HOOKS = {"filter": ("prerouting", "input", "forward", "output", "postrouting"),
          "nat": ("prerouting", "input", "output", "postrouting"),
          "route": ("output",)}
_UNKNOWN = ("queue num 3 bypass", "dup to 10.9.9.9", "synproxy mss 1460 wscale 7",
            "osf name \"Linux\"", "fwd to \"eth9\"")


def _v(text: str) -> NftValue:
    return NftValue(text=text)


_IPV4 = st.ip_addresses(v=4).map(str)
_IPV6 = st.ip_addresses(v=6).map(lambda a: str(ipaddress.IPv6Address(a)))
_PREFIX4 = st.builds(lambda a, n: str(ipaddress.ip_network(f"{a}/{n}", strict=False)),
                     _IPV4, st.integers(8, 32))
_PREFIX6 = st.builds(lambda a, n: str(ipaddress.ip_network(f"{a}/{n}", strict=False)),
                     _IPV6, st.integers(16, 128))
_HEX = st.integers(0, 0xFFFFFFFF).map(lambda n: f"0x{n:08x}")
_IFNAME = st.from_regex(r"[a-z]{1,6}[0-9]{0,3}\*?", fullmatch=True).map(lambda n: f'"{n}"')
_MAC = st.binary(min_size=6, max_size=6).map(lambda b: ":".join(f"{x:02x}" for x in b))


@st.composite
def _ports(draw: st.DrawFn) -> NftExpr:
    kind = draw(st.sampled_from(["one", "range", "set", "ref"]))
    if kind == "one":
        return _v(str(draw(_PORT)))
    if kind == "range":
        low = draw(_PORT)
        return _v(f"{low}-{draw(st.integers(low, 65535))}")
    if kind == "ref":
        return NftSetRef(name=draw(_NAME))
    ports = draw(st.lists(_PORT, min_size=1, max_size=5, unique=True))
    return NftSetExpr(elements=tuple(NftElement(key=_v(str(p))) for p in ports))


@st.composite
def _addresses(draw: st.DrawFn, v6: bool) -> NftExpr:
    kind = draw(st.sampled_from(["one", "prefix", "set", "ref"]))
    address, prefix = (_IPV6, _PREFIX6) if v6 else (_IPV4, _PREFIX4)
    if kind == "one":
        return _v(draw(address))
    if kind == "prefix":
        return _v(draw(prefix))
    if kind == "ref":
        return NftSetRef(name=draw(_NAME))
    items = draw(st.lists(st.one_of(address, prefix), min_size=1, max_size=4, unique=True))
    return NftSetExpr(elements=tuple(NftElement(key=_v(i)) for i in items))


@st.composite
def _match(draw: st.DrawFn) -> NftMatch:
    kind = draw(st.sampled_from(["addr4", "addr6", "port", "proto", "mark", "iface", "state",
                                 "ctmark", "fib", "ether", "flags", "concat", "icmp"]))
    op = draw(st.sampled_from([None, None, "!="]))
    left: NftExpr
    if kind in ("addr4", "addr6"):
        v6 = kind == "addr6"
        left = NftPayload(protocol="ip6" if v6 else "ip",
                          field=draw(st.sampled_from(["saddr", "daddr"])))
        return NftMatch(left=left, op=op, right=draw(_addresses(v6)))
    if kind == "port":
        left = NftPayload(protocol=draw(st.sampled_from(["tcp", "udp", "th", "sctp"])),
                          field=draw(st.sampled_from(["sport", "dport"])))
        return NftMatch(left=left, op=draw(st.sampled_from([None, "!=", "<", ">="])),
                        right=draw(_ports()))
    if kind == "proto":
        selectors: list[NftExpr] = [NftMeta(key="l4proto"),
                                    NftPayload(protocol="ip", field="protocol")]
        left = draw(st.sampled_from(selectors))
        return NftMatch(left=left, op=op, right=_v(draw(st.sampled_from(_PROTOS))))
    if kind == "mark":
        if draw(st.booleans()):
            left = NftBinop(op="&", left=NftMeta(key="mark"), right=_v(draw(_HEX)))
            return NftMatch(left=left, op="==", right=_v(draw(_HEX)))
        return NftMatch(left=NftMeta(key="mark"), op=op, right=_v(draw(_HEX)))
    if kind == "iface":
        left = NftMeta(key=draw(st.sampled_from(["iifname", "oifname"])))
        right: NftExpr = draw(st.one_of(_IFNAME.map(_v), _NAME.map(
            lambda n: NftSetRef(name=n))))
        return NftMatch(left=left, op=op, right=right)
    if kind == "state":
        states = draw(st.lists(st.sampled_from(_STATES), min_size=1, max_size=3, unique=True))
        return NftMatch(left=NftCt(key="state"), op=op, right=_v(",".join(states)))
    if kind == "ctmark":
        return NftMatch(left=NftCt(key="mark"), op=op, right=_v(draw(_HEX)))
    if kind == "fib":
        left = NftFib(flags=(draw(st.sampled_from(["daddr", "saddr"])),), result="type")
        return NftMatch(left=left, op=op,
                        right=_v(draw(st.sampled_from(["local", "unicast", "broadcast"]))))
    if kind == "ether":
        return NftMatch(left=NftPayload(protocol="ether", field="saddr"), op=op,
                        right=_v(draw(_MAC)))
    if kind == "flags":
        return NftMatch(left=NftPayload(protocol="tcp", field="flags"), op=op, right=_v("syn"),
                        mask=_v(draw(st.sampled_from(["syn,ack", "fin,syn,rst,ack"]))))
    if kind == "icmp":
        return NftMatch(left=NftPayload(protocol="icmp", field="type"), op=op,
                        right=_v(draw(st.sampled_from(["echo-request", "echo-reply"]))))
    left = NftConcat(items=(NftPayload(protocol="ip", field="saddr"),
                            NftPayload(protocol="tcp", field="dport")))
    return NftMatch(left=left, op=None,
                    right=NftConcat(items=(_v(draw(_IPV4)), _v(str(draw(_PORT))))))


@st.composite
def _verdict(draw: st.DrawFn) -> NftVerdict:
    kind = draw(st.sampled_from(["accept", "drop", "return", "continue", "jump", "goto"]))
    if kind in ("jump", "goto"):
        return NftVerdict(kind=kind, target=draw(_NAME))
    return NftVerdict(kind=kind)


@st.composite
def _nat(draw: st.DrawFn) -> NftNat:
    kind = draw(st.sampled_from(["dnat", "snat", "masquerade", "redirect"]))
    flags = tuple(draw(st.lists(st.sampled_from(["random", "fully-random", "persistent"]),
                                max_size=2, unique=True)))
    if kind in ("masquerade", "redirect"):
        if draw(st.booleans()):
            return NftNat(kind=kind, to=True, port=_v(str(draw(_PORT))), flags=flags)
        return NftNat(kind=kind, flags=flags)
    shape = draw(st.sampled_from(["addr", "addrport", "v6port", "range", "map"]))
    family = draw(st.sampled_from([None, "ip"])) if shape != "v6port" else None
    if shape == "addr":
        return NftNat(kind=kind, family=family, to=True, addr=_v(draw(_IPV4)), flags=flags)
    if shape == "addrport":
        return NftNat(kind=kind, family=family, to=True, addr=_v(draw(_IPV4)),
                      port=_v(str(draw(_PORT))), flags=flags)
    if shape == "v6port":
        return NftNat(kind=kind, to=True, addr=_v(draw(_IPV6)), port=_v(str(draw(_PORT))))
    if shape == "range":
        return NftNat(kind=kind, to=True, addr=_v(f"{draw(_IPV4)}-{draw(_IPV4)}"),
                      port=_v(f"{draw(_PORT)}-{draw(_PORT)}"))
    elements = tuple(NftElement(key=_v(str(p)), value=_v(draw(_IPV4)))
                     for p in draw(st.lists(_PORT, min_size=1, max_size=3, unique=True)))
    return NftNat(kind=kind, to=True, addr=NftMapLookup(
        key=NftPayload(protocol="tcp", field="dport"), data=NftSetExpr(elements=elements)))


@st.composite
def _statement(draw: st.DrawFn) -> NftStatement:
    kind = draw(st.sampled_from(["match", "match", "match", "verdict", "counter", "nat",
                                 "vmap", "numgen", "mangle", "log", "limit", "quota",
                                 "reject", "update", "ctcount", "xt", "notrack"]))
    if kind == "match":
        return draw(_match())
    if kind == "verdict":
        return draw(_verdict())
    if kind == "counter":
        if draw(st.booleans()):
            return NftCounter(packets=draw(st.integers(0, 10**12)),
                              bytes=draw(st.integers(0, 10**15)))
        return NftCounter(name=draw(_NAME))
    if kind == "nat":
        return draw(_nat())
    if kind == "vmap":
        key = NftConcat(items=(NftPayload(protocol="ip", field="daddr"),
                               NftMeta(key="l4proto"), NftPayload(protocol="th",
                                                                  field="dport")))
        return NftVerdictMap(key=key, data=NftSetRef(name=draw(_NAME)))
    if kind == "numgen":
        count = draw(st.integers(1, 4))
        elements = tuple(NftElement(key=_v(str(i)), value=NftVerdict(kind="goto",
                                                                     target=draw(_NAME)))
                         for i in range(count))
        return NftVerdictMap(key=NftNumgen(mode="random", mod=count),
                             data=NftSetExpr(elements=elements))
    if kind == "mangle":
        values: list[NftExpr] = [
            _v("0x00004000"), NftBinop(op="|", left=NftMeta(key="mark"), right=_v("0x00004000")),
            NftBinop(op="^", left=NftMeta(key="mark"), right=_v("0x00004000")),
            NftMapLookup(key=NftPayload(protocol="ip", field="daddr"),
                         data=NftSetRef(name="marks"))]
        keys: list[NftExpr] = [NftMeta(key="mark"), NftCt(key="mark")]
        return NftMangle(key=draw(st.sampled_from(keys)), value=draw(st.sampled_from(values)))
    if kind == "log":
        options = []
        if draw(st.booleans()):
            options.append(("prefix", f'"{draw(_COMMENT)}"'))
        if draw(st.booleans()):
            options.append(("level", draw(st.sampled_from(["info", "debug", "crit"]))))
        return NftLog(options=tuple(options))
    if kind == "limit":
        if draw(st.booleans()):
            burst = draw(st.sampled_from([None, 10]))
            return NftLimit(rate=draw(st.integers(1, 10**6)),
                            per=draw(st.sampled_from(["second", "minute", "hour"])),
                            over=draw(st.booleans()), burst=burst,
                            burst_unit=None if burst is None else "packets")
        return NftLimit(rate=draw(st.integers(1, 1000)), rate_unit="mbytes", per="second",
                        over=draw(st.booleans()))
    if kind == "quota":
        return NftQuota(value=draw(st.integers(1, 999)), unit="mbytes", over=draw(st.booleans()))
    if kind == "reject":
        return draw(st.sampled_from([NftReject(), NftReject(type="tcp reset"),
                                     NftReject(type="icmpx", code="host-unreachable"),
                                     NftReject(type="icmp", code="admin-prohibited")]))
    if kind == "update":
        return NftSetStatement(op=draw(st.sampled_from(["update", "add"])), set=draw(_NAME),
                               elem=NftElement(key=NftPayload(protocol="ip", field="saddr")))
    if kind == "ctcount":
        return NftCtCount(value=draw(st.integers(0, 10000)), over=draw(st.booleans()))
    if kind == "xt":
        return NftXt(type=draw(st.sampled_from(["match", "target"])),
                     name=draw(st.sampled_from(["recent", "conntrack", "DNAT"])))
    return NftSimple(keyword="notrack")


@st.composite
def nft_rules(draw: st.DrawFn, *, handle: int | None = None) -> NftRule:
    """One rule (its handle given by the caller)."""
    statements: list[NftStatement] = draw(st.lists(_statement(), min_size=1, max_size=5))
    if draw(st.integers(0, 9)) == 0:  # one statement netfacts keeps verbatim
        statements.insert(draw(st.integers(0, len(statements))),
                          NftUnknown(text=draw(st.sampled_from(_UNKNOWN))))
    if draw(st.integers(0, 9)) == 0:  # iptables-nft's silent comment match (never last)
        statements.insert(draw(st.integers(0, len(statements) - 1)),
                          NftXt(type="match", name="comment", printed=False))
    comment = draw(st.one_of(st.none(), _COMMENT))
    return NftRule(statements=tuple(statements), comment=comment, handle=handle)


_SET_TYPES: dict[tuple[str, ...], Any] = {
    ("ipv4_addr",): _IPV4,
    ("ipv6_addr",): _IPV6,
    ("inet_service",): _PORT.map(str),
    ("mark",): _HEX,
    ("ifname",): _IFNAME,
    ("ipv4_addr", "inet_proto", "inet_service"): st.tuples(
        _IPV4, st.sampled_from(["tcp", "udp", "sctp"]), _PORT.map(str)),
    ("inet_proto", "inet_service"): st.tuples(st.sampled_from(["tcp", "udp"]),
                                               _PORT.map(str)),
}


def _key(value: Any) -> NftExpr:
    if isinstance(value, tuple):
        return NftConcat(items=tuple(_v(part) for part in value))
    return _v(value)


@st.composite
def _set(draw: st.DrawFn, handle: int | None) -> NftSet:
    key_type = draw(st.sampled_from(sorted(_SET_TYPES)))
    kind = draw(st.sampled_from(["set", "map"]))
    data_type = None
    if kind == "map":
        data_type = draw(st.sampled_from(["verdict", "mark", "ipv4_addr"]))
    flags = tuple(f for f in ("constant", "interval", "dynamic", "timeout")
                  if draw(st.integers(0, 3)) == 0)
    properties: list[tuple[str, str]] = []
    if draw(st.booleans()):
        properties.append(("size", str(draw(st.integers(1, 65535)))))
    if draw(st.booleans()):
        properties.append(("timeout", draw(st.sampled_from(["1h", "3h", "10s", "1d2h"]))))
    if draw(st.integers(0, 3)) == 0:
        properties.append(("auto-merge", ""))
    elements = None
    if draw(st.booleans()):
        keys = draw(st.lists(_SET_TYPES[key_type], min_size=1, max_size=7, unique=True))
        out = []
        for key in keys:
            value: NftExpr | None = None
            if data_type == "verdict":
                value = draw(_verdict())
            elif data_type == "mark":
                value = _v(draw(_HEX))
            elif data_type == "ipv4_addr":
                value = _v(draw(_IPV4))
            comment = draw(st.one_of(st.none(), _COMMENT)) if draw(st.booleans()) else None
            timeout = draw(st.sampled_from([None, "2h", "30s"]))
            counter = draw(st.one_of(st.none(), st.tuples(st.integers(0, 99),
                                                            st.integers(0, 9999))))
            out.append(NftElement(key=_key(key), value=value, comment=comment,
                                  timeout=timeout, counter=counter))
        elements = tuple(out)
    return NftSet(kind=kind, name=draw(_NAME), handle=handle, key_type=key_type,
                  data_type=data_type, flags=flags, properties=tuple(properties),
                  comment=draw(st.one_of(st.none(), _COMMENT)), elements=elements)


@st.composite
def _chain(draw: st.DrawFn, handles: list[int] | None) -> NftChain:
    def handle() -> int | None:
        if handles is None:
            return None
        handles[0] += 1
        return handles[0]

    fields: dict[str, Any] = {"name": draw(_NAME), "handle": handle(),
                              "comment": draw(st.one_of(st.none(), _COMMENT))}
    if draw(st.booleans()):
        chain_type = draw(st.sampled_from(sorted(_HOOKS)))
        fields.update(type=chain_type, hook=draw(st.sampled_from(_HOOKS[chain_type])),
                      priority=draw(st.sampled_from(_PRIORITIES)),
                      policy=draw(st.sampled_from(["accept", "drop"])))
    count = draw(st.integers(0, 5))
    rules = [draw(nft_rules(handle=handle())) for _ in range(count)]
    return NftChain(rules=tuple(rules), **fields)


@st.composite
def nft_tables(draw: st.DrawFn, *, handles: bool = False) -> NftTable:
    """One table with chains, sets, maps and objects."""
    counter = [0] if handles else None

    def handle() -> int | None:
        if counter is None:
            return None
        counter[0] += 1
        return counter[0]

    items: list[NftTableItem] = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["counter", "quota"]))
        lines = (("packets 0 bytes 0",) if kind == "counter" else ("over 25 mbytes",))
        items.append(NftObject(kind=kind, name=draw(_NAME), handle=handle(), lines=lines))
    items.extend(draw(_set(handle())) for _ in range(draw(st.integers(0, 2))))
    items.extend(draw(_chain(counter)) for _ in range(draw(st.integers(0, 3))))
    warnings: tuple[str, ...] = ()
    family = NftFamily.of(draw(st.sampled_from(["ip", "ip6", "inet", "bridge", "netdev",
                                                "arp"])))
    name = draw(_NAME)
    if draw(st.integers(0, 5)) == 0:
        warnings = (f"# Warning: table {family.value} {name} is managed by iptables-nft, "
                    "do not touch!",)
    return NftTable(family=family, name=name, handle=handle(),
                    comment=draw(st.one_of(st.none(), _COMMENT)),
                    flags=draw(st.sampled_from([(), ("dormant",)])), warnings=warnings,
                    items=tuple(items))


@st.composite
def nft_outputs(draw: st.DrawFn) -> tuple[str, NftOutput]:
    """``(text, output)`` pairs of ``nft [-a] list ruleset``."""
    handles = draw(st.booleans())
    tables = draw(st.lists(nft_tables(handles=handles), min_size=1, max_size=2))
    output = NftOutput(tables=tuple(tables), form=NftForm(handles=handles))
    return render_nft(output), output

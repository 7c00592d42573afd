"""Render :class:`~netfacts.models.nft.NftOutput` back to ``nft list ruleset`` text.

The layout is nft's own: one TAB per level, blank lines between the items of a table,
``# handle N`` when the handles are known, element lists wrapped the way nft wraps them
(see :data:`netfacts.grammar.nft.TYPE_WRAP`).  ``render_nft(parse_nft(text)) == text`` for
listings nft printed (the tests check every capture).
"""

from __future__ import annotations

from netfacts.grammar.nft import HANDLE_SUFFIX, TYPE_WRAP
from netfacts.models.nft import (
    NftBinop,
    NftChain,
    NftConcat,
    NftCounter,
    NftCt,
    NftCtCount,
    NftElement,
    NftExpr,
    NftFib,
    NftHash,
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
    NftRawPayload,
    NftReject,
    NftRt,
    NftRule,
    NftSet,
    NftSetExpr,
    NftSetRef,
    NftSetStatement,
    NftSimple,
    NftStatement,
    NftTable,
    NftTcpOption,
    NftUnknown,
    NftValue,
    NftVerdict,
    NftVerdictMap,
    NftXt,
)

__all__ = ["element_text", "expr_text", "render_nft", "rule_text", "statement_text",
           "typeof_wrap"]

_NEWLINE = ",\n\t\t\t     "
_UNQUALIFIED = frozenset({"iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup"})

TYPEOF_TYPES: dict[str, str] = {
    "meta mark": "mark", "ct mark": "mark", "meta l4proto": "inet_proto",
    "ip protocol": "inet_proto", "ip6 nexthdr": "inet_proto", "meta nfproto": "nf_proto",
    "meta iifname": "ifname", "meta oifname": "ifname", "iifname": "ifname",
    "oifname": "ifname", "meta iif": "iface_index", "meta oif": "iface_index",
    "iif": "iface_index", "oif": "iface_index", "meta skuid": "uid", "meta skgid": "gid",
    "ip saddr": "ipv4_addr", "ip daddr": "ipv4_addr", "ip6 saddr": "ipv6_addr",
    "ip6 daddr": "ipv6_addr", "ether saddr": "ether_addr", "ether daddr": "ether_addr",
    "ct state": "ct_state", "ct status": "ct_status", "meta pkttype": "pkt_type",
    "tcp flags": "tcp_flag",
    **{f"{proto} {port}": "inet_service"
       for proto in ("tcp", "udp", "sctp", "th", "dccp", "udplite")
       for port in ("sport", "dport")},
}
"""Data type of a ``typeof`` expression (for element wrapping and the JSON ``type``)."""


def typeof_wrap(key_types: tuple[str, ...]) -> int:
    """Elements per line for a set with these key types (nft's ``calculate_delim``)."""
    if len(key_types) != 1:
        return 1
    return TYPE_WRAP.get(key_types[0], 1)


def _quote(text: str) -> str:
    return f'"{text}"'


def expr_text(expr: NftExpr) -> str:
    """One expression as nft prints it."""
    if isinstance(expr, NftValue):
        return expr.text
    if isinstance(expr, NftPayload):
        return f"{expr.protocol} {expr.field}"
    if isinstance(expr, NftMeta):
        return expr.key if expr.key in _UNQUALIFIED else f"meta {expr.key}"
    if isinstance(expr, NftCt):
        parts = ["ct"]
        if expr.direction is not None:
            parts.append(expr.direction)
        if expr.family is not None:
            parts.append(expr.family)
        parts.append(expr.key)
        return " ".join(parts)
    if isinstance(expr, NftConcat):
        return " . ".join(expr_text(item) for item in expr.items)
    if isinstance(expr, NftBinop):
        return f"{expr_text(expr.left)} {expr.op} {expr_text(expr.right)}"
    if isinstance(expr, NftSetRef):
        return "@" + expr.name
    if isinstance(expr, NftSetExpr):
        return "{ " + ", ".join(element_text(e) for e in expr.elements) + " }"
    if isinstance(expr, NftMapLookup):
        return f"{expr_text(expr.key)} map {expr_text(expr.data)}"
    if isinstance(expr, NftVerdict):
        return expr.kind if expr.target is None else f"{expr.kind} {expr.target}"
    if isinstance(expr, NftFib):
        return f"fib {' . '.join(expr.flags)} {expr.result}"
    if isinstance(expr, NftNumgen):
        text = f"numgen {expr.mode} mod {expr.mod}"
        return text if expr.offset is None else f"{text} offset {expr.offset}"
    if isinstance(expr, NftHash):
        parts = [expr.kind]
        if expr.expr is not None:
            parts.append(expr_text(expr.expr))
        parts.append(f"mod {expr.mod}")
        if expr.seed is not None:
            parts.append(f"seed {expr.seed}")
        if expr.offset is not None:
            parts.append(f"offset {expr.offset}")
        return " ".join(parts)
    if isinstance(expr, NftRt):
        return f"rt {expr.key}" if expr.family is None else f"rt {expr.family} {expr.key}"
    if isinstance(expr, NftTcpOption):
        text = f"tcp option {expr.name}"
        return text if expr.field is None else f"{text} {expr.field}"
    if isinstance(expr, NftRawPayload):
        return f"@{expr.base},{expr.offset},{expr.length}"
    raise TypeError(f"not an nft expression: {expr!r}")


def element_text(element: NftElement) -> str:
    """``KEY [timeout T] [expires E] [comment "C"] [counter ...] [: VALUE]``."""
    parts = [expr_text(element.key)]
    if element.timeout is not None:
        parts.append(f"timeout {element.timeout}")
    if element.expires is not None:
        parts.append(f"expires {element.expires}")
    if element.comment is not None:
        parts.append(f"comment {_quote(element.comment)}")
    if element.counter is not None:
        parts.append(f"counter packets {element.counter[0]} bytes {element.counter[1]}")
    parts.extend(element.extra)
    if element.value is not None:
        parts.append(":")
        parts.append(expr_text(element.value))
    return " ".join(parts)


def _nat_target(nat: NftNat) -> str:
    addr = expr_text(nat.addr) if nat.addr is not None else ""
    if nat.port is None:
        return addr
    port = expr_text(nat.port)
    if isinstance(nat.addr, NftValue) and ":" in addr:
        return f"[{addr}]:{port}"
    return f"{addr}:{port}"


def statement_text(statement: NftStatement) -> str:
    """One statement as nft prints it."""
    if isinstance(statement, NftMatch):
        parts = [expr_text(statement.left)]
        if statement.op is not None:
            parts.append(statement.op)
        parts.append(expr_text(statement.right))
        if statement.mask is not None:
            parts.append("/")
            parts.append(expr_text(statement.mask))
        return " ".join(parts)
    if isinstance(statement, NftVerdict):
        return expr_text(statement)
    if isinstance(statement, NftVerdictMap):
        return f"{expr_text(statement.key)} vmap {expr_text(statement.data)}"
    if isinstance(statement, NftCounter):
        if statement.name is not None:
            return f"counter name {_quote(statement.name)}"
        if statement.packets is None or statement.bytes is None:
            return "counter"
        return f"counter packets {statement.packets} bytes {statement.bytes}"
    if isinstance(statement, NftNat):
        parts = [statement.kind]
        if statement.family is not None:
            parts.append(statement.family)
        if statement.to:
            parts.append("to")
            parts.append(_nat_target(statement))
        if statement.flags:
            parts.append(",".join(statement.flags))
        return " ".join(parts)
    if isinstance(statement, NftMangle):
        return f"{expr_text(statement.key)} set {expr_text(statement.value)}"
    if isinstance(statement, NftLog):
        return " ".join(["log", *(f"{key} {value}" for key, value in statement.options)])
    if isinstance(statement, NftLimit):
        if statement.name is not None:
            return f"limit name {_quote(statement.name)}"
        parts = ["limit rate"]
        if statement.over:
            parts.append("over")
        if statement.rate_unit is not None:
            parts.append(f"{statement.rate} {statement.rate_unit}/{statement.per}")
        else:
            parts.append(f"{statement.rate}/{statement.per}")
        if statement.burst is not None:
            parts.append(f"burst {statement.burst} {statement.burst_unit}")
        return " ".join(parts)
    if isinstance(statement, NftQuota):
        if statement.name is not None:
            return f"quota name {_quote(statement.name)}"
        parts = ["quota"]
        if statement.over:
            parts.append("over")
        parts.append(f"{statement.value} {statement.unit}")
        if statement.used is not None:
            parts.append(f"used {statement.used} {statement.used_unit}")
        return " ".join(parts)
    if isinstance(statement, NftReject):
        if statement.type is None:
            return "reject"
        if statement.code is None:
            return f"reject with {statement.type}"
        middle = " type" if statement.with_type else ""
        return f"reject with {statement.type}{middle} {statement.code}"
    if isinstance(statement, NftSetStatement):
        return f"{statement.op} @{statement.set} {{ {element_text(statement.elem)} }}"
    if isinstance(statement, NftCtCount):
        return f"ct count over {statement.value}" if statement.over else \
            f"ct count {statement.value}"
    if isinstance(statement, NftXt):
        return f"xt {statement.type} {statement.name}" if statement.printed else ""
    if isinstance(statement, NftSimple):
        return statement.keyword
    if isinstance(statement, NftUnknown):
        return statement.text
    raise TypeError(f"not an nft statement: {statement!r}")


def rule_text(rule: NftRule) -> str:
    """A rule line without its indentation."""
    text = " ".join(statement_text(s) for s in rule.statements)
    if rule.comment is not None:
        text += f" comment {_quote(rule.comment)}"
    if rule.handle is not None:
        text += f"{HANDLE_SUFFIX}{rule.handle}"
    return text


def _handle(handle: int | None) -> str:
    return "" if handle is None else f"{HANDLE_SUFFIX}{handle}"


def _elements(elements: tuple[NftElement, ...], wrap: int) -> str:
    out: list[str] = []
    count = 0
    delimiter = ""
    for element in elements:
        out.append(delimiter)
        out.append(element_text(element))
        count += 1
        if wrap > 1 and count < wrap:
            delimiter = ", "
        else:
            count = 0
            delimiter = _NEWLINE
    return "{ " + "".join(out) + " }"


def _set_lines(item: NftSet) -> list[str]:
    lines = [f"\t{item.kind} {item.name} {{{_handle(item.handle)}"]
    if item.key_typeof is not None:
        line = f"\t\ttypeof {item.key_typeof}"
        if item.data_typeof is not None:
            line += f" : {item.data_typeof}"
        lines.append(line)
    elif item.key_type:
        line = "\t\ttype " + " . ".join(item.key_type)
        if item.data_type is not None:
            line += f" : {item.data_type}"
        lines.append(line)
    properties = list(item.properties)
    for key, value in properties:
        if key == "size":
            lines.append(f"\t\tsize {value}")
    if item.flags:
        lines.append("\t\tflags " + ",".join(item.flags))
    for key, value in properties:
        if key != "size":
            lines.append(f"\t\t{key} {value}" if value else f"\t\t{key}")
    if item.comment is not None:
        lines.append(f"\t\tcomment {_quote(item.comment)}")
    if item.elements is not None:
        lines.append("\t\telements = " + _elements(item.elements, set_wrap(item)))
    lines.append("\t}")
    return lines


def set_wrap(item: NftSet) -> int:
    """Elements per printed line in ``item``'s element list."""
    if item.key_typeof is not None:
        types = tuple(TYPEOF_TYPES.get(part.strip(), "") for part in
                      item.key_typeof.split(" . "))
        return typeof_wrap(types)
    return typeof_wrap(item.key_type)


def _chain_lines(chain: NftChain) -> list[str]:
    lines = [f"\tchain {chain.name} {{{_handle(chain.handle)}"]
    if chain.comment is not None:
        lines.append(f"\t\tcomment {_quote(chain.comment)}")
    if chain.hook is not None:
        device = f" device {chain.device}" if chain.device is not None else ""
        line = f"\t\ttype {chain.type} hook {chain.hook}{device} priority {chain.priority};"
        if chain.policy is not None:
            line += f" policy {chain.policy};"
        lines.append(line)
    if chain.devices is not None:
        lines.append(f"\t\tdevices = {{ {chain.devices} }}")
    lines.extend("\t\t" + rule_text(rule) for rule in chain.rules)
    lines.append("\t}")
    return lines


def _object_lines(item: NftObject) -> list[str]:
    lines = [f"\t{item.kind} {item.name} {{{_handle(item.handle)}"]
    lines.extend("\t\t" + line for line in item.lines)
    lines.append("\t}")
    return lines


def table_lines(table: NftTable) -> list[str]:
    """The lines of one table, its warnings first."""
    lines = list(table.warnings)
    lines.append(f"table {table.family.value} {table.name} {{{_handle(table.handle)}")
    if table.flags:
        lines.append("\tflags " + ",".join(table.flags))
    if table.comment is not None:
        lines.append(f"\tcomment {_quote(table.comment)}")
    for index, item in enumerate(table.items):
        if index:
            lines.append("")
        if isinstance(item, NftChain):
            lines.extend(_chain_lines(item))
        elif isinstance(item, NftSet):
            lines.extend(_set_lines(item))
        else:
            lines.extend(_object_lines(item))
    lines.append("}")
    return lines


def render_nft(output: NftOutput) -> str:
    """The listing of every table."""
    lines: list[str] = []
    for table in output.tables:
        lines.extend(table_lines(table))
    lines.extend(output.trailing_warnings)
    return "".join(line + "\n" for line in lines)

"""``nft -j list ruleset`` shaped JSON for a parsed listing.

``{"nftables": [{"metainfo": ...}, {"table": ...}, {"counter": ...}, {"set": ...},
{"chain": ...}, ..., {"rule": ...}, ...]}``: per table, the table, its objects, sets and maps
in listing order, its chains, then the rules of every chain.  Expressions and statements use
nft's JSON forms (``{"match": {"op", "left", "right"}}``, ``{"payload": {"protocol",
"field"}}``, ``{"vmap": ...}``, ``{"dnat": {"addr", "port"}}`` ...); values are typed the
way nft types them (numbers and ``0x`` marks as integers, prefixes and ranges as objects,
comma lists as arrays).

Where netfacts and ``nft -j`` (1.0.6) differ:

* table and chain ``comment`` and a chain's ``dev`` are written (nft 1.0.6 leaves them out of
  its JSON; later releases write them);
* a set's ``dynamic`` flag is kept in ``flags`` (1.0.6 drops it);
* ``metainfo`` has only ``json_schema_version`` (the text does not say which nft printed it);
* a statement netfacts cannot read is ``{"unknown": "TEXT"}`` (not an nft key);
* iptables-nft rules: nft's text shows its translation of the xt extensions and its JSON the
  opaque ``{"xt": ...}``, so those rules differ (the comment match, printed as nothing, is
  ``{"xt": {"type": "match", "name": "comment"}}`` in both).
"""

from __future__ import annotations

from typing import Any

from netfacts.grammar.nft import BITMASK_SELECTORS, PRIORITIES
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
    duration_seconds,
    integer_of,
)
from netfacts.models.values import ip_address
from netfacts.renderers.nft import TYPEOF_TYPES, expr_text

__all__ = ["expr_json", "nft_to_json", "priority_value", "rule_json", "statement_json",
           "value_json"]

_BYTE_UNITS = {"bytes": 1, "kbytes": 1024, "mbytes": 1024 ** 2, "gbytes": 1024 ** 3}
_DEFAULT_REJECT = {"ip": "icmp", "ip6": "icmpv6"}
_SET_FLAG_ORDER = ("constant", "interval", "timeout", "dynamic")


def _scalar(text: str) -> Any:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    number = integer_of(text)
    if number is not None:
        return number
    if text == "exists":
        return True
    if text == "missing":
        return False
    return text


def _kind(text: str) -> str | None:
    """The class of a range bound: number, address, MAC or quoted string."""
    if not text:
        return None
    if text[0] == '"' and text[-1] == '"' and len(text) >= 2:
        return "string"
    if text.isascii() and text.isdigit():
        return "number"
    if text[:2] == "0x" and len(text) > 2:
        return "number"
    try:
        ip_address(text)
    except ValueError:
        pass
    else:
        return "address"
    parts = text.split(":")
    if len(parts) >= 2 and all(len(p) == 2 for p in parts):
        try:
            bytes.fromhex("".join(parts))
        except ValueError:
            return None
        return "mac"
    return None


def value_json(text: str) -> Any:
    """A literal as nft's JSON types it."""
    if "/" in text and text[0] != '"':
        addr, _, length = text.rpartition("/")
        bits = integer_of(length)
        if bits is not None and _kind(addr) == "address":
            return {"prefix": {"addr": addr, "len": bits}}
    if "-" in text:
        index = text.find("-", 1)
        while index != -1:
            low, high = text[:index], text[index + 1:]
            kind = _kind(low)
            if kind is not None and kind == _kind(high):
                return {"range": [_scalar(low), _scalar(high)]}
            index = text.find("-", index + 1)
    if "," in text and text[0] != '"':
        return [_scalar(part) for part in text.split(",")]
    return _scalar(text)


def expr_json(expr: NftExpr) -> Any:
    """One expression."""
    if isinstance(expr, NftValue):
        return value_json(expr.text)
    if isinstance(expr, NftPayload):
        return {"payload": {"protocol": expr.protocol, "field": expr.field}}
    if isinstance(expr, NftMeta):
        return {"meta": {"key": expr.key}}
    if isinstance(expr, NftCt):
        body: dict[str, Any] = {"key": expr.key if expr.family is None
                                else f"{expr.family} {expr.key}"}
        if expr.direction is not None:
            body["dir"] = expr.direction
        return {"ct": body}
    if isinstance(expr, NftConcat):
        return {"concat": [expr_json(item) for item in expr.items]}
    if isinstance(expr, NftBinop):
        return {expr.op: [expr_json(expr.left), expr_json(expr.right)]}
    if isinstance(expr, NftSetRef):
        return "@" + expr.name
    if isinstance(expr, NftSetExpr):
        return {"set": [element_json(e) for e in expr.elements]}
    if isinstance(expr, NftMapLookup):
        return {"map": {"key": expr_json(expr.key), "data": expr_json(expr.data)}}
    if isinstance(expr, NftVerdict):
        return {expr.kind: None if expr.target is None else {"target": expr.target}}
    if isinstance(expr, NftFib):
        return {"fib": {"result": expr.result, "flags": list(expr.flags)}}
    if isinstance(expr, NftNumgen):
        return {"numgen": {"mode": expr.mode, "mod": expr.mod, "offset": expr.offset or 0}}
    if isinstance(expr, NftHash):
        body = {"mod": expr.mod}
        if expr.seed is not None:
            body["seed"] = _scalar(expr.seed)
        if expr.offset is not None:
            body["offset"] = expr.offset
        if expr.expr is not None:
            body["expr"] = expr_json(expr.expr)
        return {expr.kind: body}
    if isinstance(expr, NftRt):
        body = {"key": expr.key}
        if expr.family is not None:
            body["family"] = expr.family
        return {"rt": body}
    if isinstance(expr, NftTcpOption):
        body = {"name": expr.name}
        if expr.field is not None:
            body["field"] = expr.field
        return {"tcp option": body}
    if isinstance(expr, NftRawPayload):
        return {"payload": {"base": expr.base, "offset": expr.offset, "len": expr.length}}
    raise TypeError(f"not an nft expression: {expr!r}")


def element_json(element: NftElement) -> Any:
    """A set element (``[key, value]`` in a map)."""
    key: Any = expr_json(element.key)
    options: dict[str, Any] = {}
    if element.timeout is not None:
        options["timeout"] = duration_seconds(element.timeout)
    if element.expires is not None:
        options["expires"] = duration_seconds(element.expires)
    if element.comment is not None:
        options["comment"] = element.comment
    if element.counter is not None:
        options["counter"] = {"packets": element.counter[0], "bytes": element.counter[1]}
    if options:
        key = {"elem": {"val": key, **options}}
    if element.value is None:
        return key
    return [key, expr_json(element.value)]


def _flags(flags: tuple[str, ...]) -> Any:
    return flags[0] if len(flags) == 1 else list(flags)


def _limit(statement: NftLimit) -> dict[str, Any]:
    body: dict[str, Any] = {"rate": statement.rate, "per": statement.per}
    if statement.rate_unit is not None:
        body["rate_unit"] = statement.rate_unit
        body["burst"] = statement.burst if statement.burst is not None else 0
        body["burst_unit"] = statement.burst_unit or "bytes"
    else:
        body["burst"] = statement.burst if statement.burst is not None else 5
    if statement.over:
        body["inv"] = True
    return body


def statement_json(statement: NftStatement, family: str) -> Any:
    """One statement of a rule in a table of ``family``."""
    if isinstance(statement, NftMatch):
        left = expr_json(statement.left)
        if statement.mask is not None:
            left = {"&": [left, expr_json(statement.mask)]}
        op = statement.op
        if op is None:
            op = "==" if statement.mask is not None else (
                "in" if expr_text(statement.left) in BITMASK_SELECTORS
                and isinstance(statement.right, NftValue) else "==")
        return {"match": {"op": op, "left": left, "right": expr_json(statement.right)}}
    if isinstance(statement, NftVerdict):
        return expr_json(statement)
    if isinstance(statement, NftVerdictMap):
        return {"vmap": {"key": expr_json(statement.key), "data": expr_json(statement.data)}}
    if isinstance(statement, NftCounter):
        if statement.name is not None:
            return {"counter": statement.name}
        if statement.packets is None:
            return {"counter": None}
        return {"counter": {"packets": statement.packets, "bytes": statement.bytes}}
    if isinstance(statement, NftNat):
        body: dict[str, Any] = {}
        if statement.family is not None:
            body["family"] = statement.family
        if statement.addr is not None:
            body["addr"] = expr_json(statement.addr)
        if statement.port is not None:
            body["port"] = expr_json(statement.port)
        if statement.flags:
            body["flags"] = _flags(statement.flags)
        return {statement.kind: body or None}
    if isinstance(statement, NftMangle):
        return {"mangle": {"key": expr_json(statement.key),
                           "value": expr_json(statement.value)}}
    if isinstance(statement, NftLog):
        options: dict[str, Any] = {}
        for key, value in statement.options:
            if key == "flags":
                options[key] = _flags(tuple(value.split(",")))
            else:
                options[key] = _scalar(value)
        return {"log": options or None}
    if isinstance(statement, NftLimit):
        if statement.name is not None:
            return {"limit": statement.name}
        return {"limit": _limit(statement)}
    if isinstance(statement, NftQuota):
        if statement.name is not None:
            return {"quota": statement.name}
        quota: dict[str, Any] = {"val": statement.value, "val_unit": statement.unit}
        if statement.used is not None:
            quota["used"] = statement.used
            quota["used_unit"] = statement.used_unit
        if statement.over:
            quota["inv"] = True
        return {"quota": quota}
    if isinstance(statement, NftReject):
        if statement.type == "tcp reset":
            return {"reject": {"type": "tcp reset"}}
        kind = statement.type or _DEFAULT_REJECT.get(family, "icmpx")
        return {"reject": {"type": kind, "expr": statement.code or "port-unreachable"}}
    if isinstance(statement, NftSetStatement):
        return {"set": {"op": statement.op, "elem": element_json(statement.elem),
                        "set": "@" + statement.set}}
    if isinstance(statement, NftCtCount):
        count: dict[str, Any] = {"val": statement.value}
        if statement.over:
            count["inv"] = True
        return {"ct count": count}
    if isinstance(statement, NftXt):
        return {"xt": {"type": statement.type, "name": statement.name}}
    if isinstance(statement, NftSimple):
        return {statement.keyword: None}
    if isinstance(statement, NftUnknown):
        return {"unknown": statement.text}
    raise TypeError(f"not an nft statement: {statement!r}")


def priority_value(priority: str, family: str) -> int | str:
    """``dstnat - 10`` → -110 (by the family's symbolic table); unknown names stay text."""
    names = PRIORITIES["bridge" if family == "bridge" else "default"]
    parts = priority.split()
    if not parts:
        return priority
    base_text = parts[0]
    base = names.get(base_text)
    if base is None:
        number = integer_of(base_text.removeprefix("-"))
        if number is None or base_text.startswith("0x"):
            return priority
        base = -number if base_text.startswith("-") else number
    offset = integer_of(parts[2]) if len(parts) == 3 and parts[1] in "+-" else None
    if offset is not None:
        return base + offset if parts[1] == "+" else base - offset
    if len(parts) == 1:
        return base
    return priority


def rule_json(table: NftTable, chain: NftChain, rule: NftRule) -> dict[str, Any]:
    """``{"rule": {...}}``."""
    family = table.family.value
    body: dict[str, Any] = {"family": family, "table": table.name, "chain": chain.name}
    if rule.handle is not None:
        body["handle"] = rule.handle
    if rule.comment is not None:
        body["comment"] = rule.comment
    body["expr"] = [statement_json(s, family) for s in rule.statements]
    return {"rule": body}


def _chain_json(table: NftTable, chain: NftChain) -> dict[str, Any]:
    family = table.family.value
    body: dict[str, Any] = {"family": family, "table": table.name, "name": chain.name}
    if chain.handle is not None:
        body["handle"] = chain.handle
    if chain.comment is not None:
        body["comment"] = chain.comment
    if chain.hook is not None:
        body["type"] = chain.type
        body["hook"] = chain.hook
        if chain.priority is not None:
            body["prio"] = priority_value(chain.priority, family)
        if chain.policy is not None:
            body["policy"] = chain.policy
        if chain.device is not None:
            body["dev"] = chain.device.strip('"')
    return {"chain": body}


def _types(item: NftSet) -> Any:
    if item.key_typeof is not None:
        types = [TYPEOF_TYPES.get(part.strip(), part.strip())
                 for part in item.key_typeof.split(" . ")]
    else:
        types = list(item.key_type)
    return types[0] if len(types) == 1 else types


def _set_json(table: NftTable, item: NftSet) -> dict[str, Any]:
    body: dict[str, Any] = {"family": table.family.value, "name": item.name,
                            "table": table.name, "type": _types(item)}
    if item.handle is not None:
        body["handle"] = item.handle
    if item.comment is not None:
        body["comment"] = item.comment
    flags = set(item.flags)
    timeout = item.property("timeout")
    if timeout is not None:
        flags.add("timeout")
    known = [flag for flag in _SET_FLAG_ORDER if flag in flags]
    known += [flag for flag in item.flags if flag not in _SET_FLAG_ORDER]
    if known:
        body["flags"] = known
    for key, value in item.properties:
        if key == "size" and integer_of(value) is not None:
            body["size"] = integer_of(value)
        elif key in ("timeout", "gc-interval"):
            body[key] = duration_seconds(value)
        elif key == "policy":
            body["policy"] = value
    if item.kind == "map":
        if item.data_typeof is not None:
            body["map"] = " . ".join(TYPEOF_TYPES.get(part.strip(), part.strip())
                                     for part in item.data_typeof.split(" . "))
        else:
            body["map"] = item.data_type
    if item.elements:
        body["elem"] = [element_json(e) for e in item.elements]
    if item.property("counter") is not None:
        body["stmt"] = [{"counter": None}]
    return {item.kind: body}


def _bytes(number: str, unit: str) -> int | None:
    factor = _BYTE_UNITS.get(unit)
    value = integer_of(number)
    if factor is None or value is None or number.startswith("0x"):
        return None
    return value * factor


def _object_json(table: NftTable, item: NftObject) -> dict[str, Any]:
    body: dict[str, Any] = {"family": table.family.value, "name": item.name,
                            "table": table.name}
    if item.handle is not None:
        body["handle"] = item.handle
    words = " ".join(item.lines).split()
    for line in item.lines:
        if line.startswith('comment "') and line.endswith('"'):
            body["comment"] = line[len('comment "'):-1]
    if item.kind == "counter" and len(words) >= 4:
        index = words.index("packets") if "packets" in words else -1
        if index >= 0 and index + 3 < len(words) and words[index + 2] == "bytes":
            body["packets"] = integer_of(words[index + 1])
            body["bytes"] = integer_of(words[index + 3])
    elif item.kind == "quota" and words:
        inv = words[0] == "over"
        rest = words[1:] if words[0] in ("over", "until") else words
        if len(rest) >= 2:
            body["bytes"] = _bytes(rest[0], rest[1])
            used = 0
            if len(rest) >= 5 and rest[2] == "used":
                used = _bytes(rest[3], rest[4]) or 0
            body["used"] = used
            if inv:
                body["inv"] = True
    elif item.kind == "limit" and words and words[0] == "rate":
        from netfacts.parsers.nft import parse_statements

        statements, _ = parse_statements("limit " + " ".join(words))
        if statements and isinstance(statements[0], NftLimit):
            body.update(_limit(statements[0]))
    return {item.kind: body}


def table_json(table: NftTable) -> list[dict[str, Any]]:
    """The objects of one table, in ``nft -j`` order."""
    head: dict[str, Any] = {"family": table.family.value, "name": table.name}
    if table.handle is not None:
        head["handle"] = table.handle
    if table.flags:
        head["flags"] = list(table.flags)
    if table.comment is not None:
        head["comment"] = table.comment
    out: list[dict[str, Any]] = [{"table": head}]
    chains: list[NftChain] = []
    for item in table.items:
        if isinstance(item, NftChain):
            chains.append(item)
        elif isinstance(item, NftSet):
            out.append(_set_json(table, item))
        else:
            out.append(_object_json(table, item))
    out.extend(_chain_json(table, chain) for chain in chains)
    for chain in chains:
        out.extend(rule_json(table, chain, rule) for rule in chain.rules)
    return out


def nft_to_json(output: NftOutput) -> dict[str, Any]:
    """``{"nftables": [...]}``."""
    items: list[Any] = [{"metainfo": {"json_schema_version": 1}}]
    for table in output.tables:
        items.extend(table_json(table))
    return {"nftables": items}

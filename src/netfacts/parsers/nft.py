"""Parse ``nft list ruleset`` / ``nft -a list ruleset`` text into :class:`NftOutput`.

Lines are read with the shapes of :mod:`netfacts.grammar.nft` inside a stack of blocks
(table, chain, set or map, object); rule bodies are split into tokens by the grammar's
token pattern and read statement by statement with its selector tables.  A statement that
does not fit them is kept verbatim (:class:`~netfacts.models.nft.NftUnknown`), so nothing
is lost; a line that fits no shape is reported and skipped, losing only itself; a listing
that stops inside a block is reported as cut off.  ``# Warning:`` lines (iptables-nft's
note, which sos merges from stderr) are kept with the table they precede.

Example::

    >>> from netfacts.parsers.nft import parse_nft
    >>> out = parse_nft("table ip nat {\\n\\tchain post {\\n"
    ...                 "\\t\\ttype nat hook postrouting priority srcnat; policy accept;\\n"
    ...                 "\\t\\toifname \\"eth0\\" masquerade\\n\\t}\\n}\\n")
    >>> chain = out.tables[0].chains[0]
    >>> chain.hook, chain.priority, [type(s).__name__ for s in chain.rules[0].statements]
    ('postrouting', 'srcnat', ['NftMatch', 'NftNat'])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import nft as g
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
    NftTableItem,
    NftTcpOption,
    NftUnknown,
    NftValue,
    NftVerdict,
    NftVerdictMap,
    NftXt,
)
from netfacts.parsers._driver import Collector

__all__ = ["parse_elements", "parse_nft", "parse_statements", "sniff"]

_S = g.SHAPES
_TOKEN = _S["token"].regex
_RAW_PAYLOAD = re.compile(r"@(ll|nh|th|ih),([0-9]{1,20}),([0-9]{1,20})")
_OPS = frozenset({"==", "!=", "<", ">", "<=", ">="})
_BINOPS = frozenset({"&", "|", "^", "<<", ">>"})
_SIMPLE = frozenset({"accept", "drop", "continue", "return"})
_LOG_OPTIONS = frozenset({"prefix", "level", "group", "snaplen", "queue-threshold", "flags"})
_TCP_OPTION_FIELDS = frozenset({"kind", "length", "size", "count", "left", "right", "tsval",
                                "tsecr", "value", "mptcp-subtype"})
_EXISTS = frozenset({"exists", "missing"})
_MAX_TOKENS = 100_000
"""Tokens read from one rule (a longer rule is kept verbatim)."""
_MAX_DIGITS = 20
"""Digits of a number read as an int (64-bit counters have 20)."""
_MAX_DEPTH = 64
"""Blocks nested in one another (nft nests three deep)."""
_SILENT = object()


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return text


def _int(text: str) -> int | None:
    """A decimal number of at most 20 digits (a 64-bit counter), else None."""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        return int(text)
    return None


def _unquoted(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every character of ``text`` outside double quotes (a
    backslash inside quotes escapes the next character)."""
    quoted = False
    escaped = False
    for index, char in enumerate(text):
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        else:
            yield index, char


def _split_top(text: str, separator: str = ", ") -> list[str]:
    """``text`` split at ``separator`` outside quotes and braces."""
    if '"' not in text and "{" not in text:
        return text.split(separator)
    parts: list[str] = []
    depth = 0
    start = 0
    first = separator[0]
    for index, char in _unquoted(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == first and depth == 0 and index >= start and \
                text.startswith(separator, index):
            parts.append(text[start:index])
            start = index + len(separator)
    parts.append(text[start:])
    return parts


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# ----------------------------------------------------------------------------- statements


class _Reader:
    """Statements of one run of tokens (see :func:`parse_statements`)."""

    __slots__ = ("n", "toks")

    def __init__(self, toks: list[str]) -> None:
        self.toks = toks
        self.n = len(toks)

    def at(self, index: int) -> str | None:
        return self.toks[index] if index < self.n else None

    # -- expressions -----------------------------------------------------------------

    def primary(self, i: int) -> tuple[NftExpr, int] | None:
        t = self.at(i)
        if t is None:
            return None
        nxt = self.at(i + 1)
        fields = g.PAYLOAD_FIELDS.get(t)
        if fields is not None and nxt is not None:
            if t == "tcp" and nxt == "option":
                name = self.at(i + 2)
                if name is None:
                    return None
                field = self.at(i + 3)
                if field in _TCP_OPTION_FIELDS:
                    return NftTcpOption(name=name, field=field), i + 4
                return NftTcpOption(name=name), i + 3
            after = self.at(i + 2)
            if after is not None and f"{nxt} {after}" in fields:
                return NftPayload(protocol=t, field=f"{nxt} {after}"), i + 3
            if nxt in fields:
                return NftPayload(protocol=t, field=nxt), i + 2
            return None
        if t == "meta":
            if nxt in g.META_KEYS:
                return NftMeta(key=nxt), i + 2
            return None
        if t in g.UNQUALIFIED_META:
            return NftMeta(key=t), i + 1
        if t == "ct":
            return self.ct(i)
        if t == "fib":
            return self.fib(i)
        if t == "numgen" and nxt in ("random", "inc") and self.at(i + 2) == "mod":
            mod = _int(self.at(i + 3) or "")
            if mod is None:
                return None
            if self.at(i + 4) == "offset" and _int(self.at(i + 5) or "") is not None:
                return NftNumgen(mode=nxt, mod=mod, offset=int(self.toks[i + 5])), i + 6
            return NftNumgen(mode=nxt, mod=mod), i + 4
        if t in ("jhash", "symhash"):
            return self.hash(i)
        if t == "rt":
            family = None
            j = i + 1
            if nxt in ("ip", "ip6"):
                family = nxt
                j += 1
            key = self.at(j)
            if key in ("mtu", "nexthop", "classid", "ipsec", "tcpmss"):
                return NftRt(key=key, family=family), j + 1
            return None
        if t[0] == "@":
            match = _RAW_PAYLOAD.fullmatch(t)
            if match is not None:
                return NftRawPayload(base=match.group(1), offset=int(match.group(2)),
                                     length=int(match.group(3))), i + 1
        return None

    def ct(self, i: int) -> tuple[NftExpr, int] | None:
        j = i + 1
        direction = family = None
        if self.at(j) in g.CT_DIRECTIONS:
            direction = self.toks[j]
            j += 1
        if self.at(j) in ("ip", "ip6"):
            family = self.toks[j]
            j += 1
        key = self.at(j)
        if key not in g.CT_KEYS:
            return None
        return NftCt(key=key, direction=direction, family=family), j + 1

    def fib(self, i: int) -> tuple[NftExpr, int] | None:
        j = i + 1
        flags: list[str] = []
        while True:
            flag = self.at(j)
            if flag not in g.FIB_FLAGS:
                return None
            flags.append(flag)
            j += 1
            if self.at(j) == "." and self.at(j + 1) in g.FIB_FLAGS:
                j += 1
                continue
            break
        result = self.at(j)
        if result not in g.FIB_RESULTS:
            return None
        return NftFib(flags=tuple(flags), result=result), j + 1

    def hash(self, i: int) -> tuple[NftExpr, int] | None:
        kind = self.toks[i]
        j = i + 1
        expr: NftExpr | None = None
        if kind == "jhash":
            found = self.concat(j)
            if found is None:
                return None
            expr, j = found
        if self.at(j) != "mod":
            return None
        mod = _int(self.at(j + 1) or "")
        if mod is None:
            return None
        j += 2
        seed = offset = None
        if self.at(j) == "seed" and self.at(j + 1) is not None:
            seed = self.toks[j + 1]
            j += 2
        if self.at(j) == "offset" and _int(self.at(j + 1) or "") is not None:
            offset = int(self.toks[j + 1])
            j += 2
        return NftHash(kind=kind, expr=expr, mod=mod, seed=seed, offset=offset), j

    def concat(self, i: int) -> tuple[NftExpr, int] | None:
        found = self.primary(i)
        if found is None:
            return None
        first, j = found
        items = [first]
        while self.at(j) == ".":
            more = self.primary(j + 1)
            if more is None:
                break
            item, j = more
            items.append(item)
        if len(items) == 1:
            return first, j
        return NftConcat(items=tuple(items)), j

    def expr(self, i: int) -> tuple[NftExpr, int] | None:
        """A selector expression with any ``& | ^ << >>`` operations after it."""
        found = self.concat(i)
        if found is None:
            return None
        left, j = found
        while self.at(j) in _BINOPS and self.at(j + 1) is not None:
            op = self.toks[j]
            right, j = self.operand(j + 1)
            left = NftBinop(op=op, left=left, right=right)
        return left, j

    def operand(self, i: int) -> tuple[NftExpr, int]:
        found = self.concat(i)
        if found is not None:
            return found
        return self.literal(self.toks[i]), i + 1

    def literal(self, token: str) -> NftExpr:
        if token[0] == "{" and token[-1] == "}":
            return NftSetExpr(elements=tuple(parse_elements(token[1:-1].strip())))
        if token[0] == "@" and _RAW_PAYLOAD.fullmatch(token) is None:
            return NftSetRef(name=token[1:])
        return NftValue(text=token)

    def value(self, i: int) -> tuple[NftExpr, int] | None:
        """A value: an expression (with ``map DATA``) or literal(s) joined by ``.``."""
        found = self.expr(i)
        if found is not None:
            value, j = found
        else:
            token = self.at(i)
            if token is None:
                return None
            value, j = self.literal(token), i + 1
            items = [value]
            while self.at(j) == "." and self.at(j + 1) is not None:
                items.append(self.literal(self.toks[j + 1]))
                j += 2
            if len(items) > 1:
                value = NftConcat(items=tuple(items))
        if self.at(j) == "map" and self.at(j + 1) is not None:
            value = NftMapLookup(key=value, data=self.literal(self.toks[j + 1]))
            j += 2
        return value, j

    def rhs(self, i: int) -> tuple[NftExpr, int] | None:
        """The right side of a match: literal(s) joined by ``.`` (never a selector: in
        ``ether type ip ip saddr ...`` the first ``ip`` is a value)."""
        token = self.at(i)
        if token is None:
            return None
        value = self.literal(token)
        j = i + 1
        items = [value]
        while self.at(j) == "." and self.at(j + 1) is not None:
            items.append(self.literal(self.toks[j + 1]))
            j += 2
        if len(items) > 1:
            return NftConcat(items=tuple(items)), j
        return value, j

    # -- statements ------------------------------------------------------------------

    def statement(self, i: int) -> tuple[NftStatement, int] | None:
        """The statement starting at token ``i`` (None: not one netfacts knows)."""
        handler = _KEYWORDS.get(self.toks[i])
        if handler is not None:
            found = handler(self, i)
            if found is not None or self.toks[i] != "ct":
                return found
        return self.expression_statement(i)

    def verdict(self, i: int) -> tuple[NftStatement, int] | None:
        kind = self.toks[i]
        if kind in _SIMPLE:
            return NftVerdict(kind=kind), i + 1
        target = self.at(i + 1)
        return (NftVerdict(kind=kind, target=target), i + 2) if target is not None else None

    def notrack(self, i: int) -> tuple[NftStatement, int] | None:
        return NftSimple(keyword=self.toks[i]), i + 1

    def set_statement(self, i: int) -> tuple[NftStatement, int] | None:
        name, braced = self.at(i + 1), self.at(i + 2)
        if name is None or name[:1] != "@" or braced is None or braced[:1] != "{":
            return None
        elements = parse_elements(braced[1:-1].strip())
        if len(elements) != 1:
            return None
        return NftSetStatement(op=self.toks[i], set=name[1:], elem=elements[0]), i + 3

    def ct_count(self, i: int) -> tuple[NftStatement, int] | None:
        if self.at(i + 1) != "count":
            return None
        j = i + 2
        over = self.at(j) == "over"
        if over:
            j += 1
        value = _int(self.at(j) or "")
        if value is None:
            return None
        return NftCtCount(value=value, over=over), j + 1

    def xt(self, i: int) -> tuple[NftStatement, int] | None:
        kind, name = self.at(i + 1), self.at(i + 2)
        if kind not in ("match", "target", "watcher") or name is None:
            return None
        return NftXt(type=kind, name=name), i + 3

    def expression_statement(self, i: int) -> tuple[NftStatement, int] | None:
        """``EXPR vmap DATA``, ``EXPR set VALUE`` or a match ``EXPR [OP] VALUE [/ MASK]``."""
        found = self.expr(i)
        if found is None:
            return None
        left, j = found
        word = self.at(j)
        if word is None:
            return None
        if word == "vmap" and self.at(j + 1) is not None:
            return NftVerdictMap(key=left, data=self.literal(self.toks[j + 1])), j + 2
        if word == "set":
            assigned = self.value(j + 1)
            if assigned is None:
                return None
            return NftMangle(key=left, value=assigned[0]), assigned[1]
        op = None
        if word in _OPS:
            op = word
            j += 1
        right = self.rhs(j)
        if right is None:
            return None
        operand, j = right
        mask = None
        if self.at(j) == "/" and self.at(j + 1) is not None:
            mask = self.literal(self.toks[j + 1])
            j += 2
        return NftMatch(left=left, op=op, right=operand, mask=mask), j

    def counter(self, i: int) -> tuple[NftStatement, int]:
        toks = self.toks
        if self.at(i + 1) == "packets" and self.at(i + 3) == "bytes":
            packets = _int(self.at(i + 2) or "")
            size = _int(self.at(i + 4) or "")
            if packets is not None and size is not None:
                return NftCounter(packets=packets, bytes=size), i + 5
        if self.at(i + 1) == "name" and self.at(i + 2) is not None:
            return NftCounter(name=_unquote(toks[i + 2])), i + 3
        return NftCounter(), i + 1

    def nat(self, i: int) -> tuple[NftStatement, int] | None:
        kind = self.toks[i]
        j = i + 1
        family = None
        if self.at(j) in ("ip", "ip6") and self.at(j + 1) == "to":
            family = self.toks[j]
            j += 1
        addr: NftExpr | None = None
        port: NftExpr | None = None
        to = self.at(j) == "to"
        if to:
            j += 1
            found = self.expr(j)
            if found is not None:
                key, k = found
                if self.at(k) != "map" or self.at(k + 1) is None:
                    return None
                addr = NftMapLookup(key=key, data=self.literal(self.toks[k + 1]))
                j = k + 2
            else:
                spec = self.at(j)
                if spec is None:
                    return None
                split = _nat_target(spec)
                if split is None:
                    return None
                addr, port = split
                j += 1
        flags: tuple[str, ...] = ()
        word = self.at(j)
        if word is not None and all(part in g.NAT_FLAGS for part in word.split(",")):
            flags = tuple(word.split(","))
            j += 1
        return NftNat(kind=kind, family=family, addr=addr, port=port, flags=flags, to=to), j

    def log(self, i: int) -> tuple[NftStatement, int]:
        j = i + 1
        options: list[tuple[str, str]] = []
        while self.at(j) in _LOG_OPTIONS and self.at(j + 1) is not None:
            options.append((self.toks[j], self.toks[j + 1]))
            j += 2
        return NftLog(options=tuple(options)), j

    def limit(self, i: int) -> tuple[NftStatement, int] | None:
        if self.at(i + 1) == "name" and self.at(i + 2) is not None:
            return NftLimit(name=_unquote(self.toks[i + 2])), i + 3
        if self.at(i + 1) != "rate":
            return None
        j = i + 2
        over = self.at(j) == "over"
        if over:
            j += 1
        rate_text = self.at(j)
        if rate_text is None:
            return None
        unit = None
        number, slash, per = rate_text.partition("/")
        if not slash:
            unit_per = self.at(j + 1)
            if unit_per is None or "/" not in unit_per:
                return None
            unit, _, per = unit_per.partition("/")
            j += 1
        rate = _int(number)
        if rate is None or not per:
            return None
        j += 1
        burst = burst_unit = None
        if self.at(j) == "burst" and _int(self.at(j + 1) or "") is not None \
                and self.at(j + 2) is not None:
            burst = int(self.toks[j + 1])
            burst_unit = self.toks[j + 2]
            j += 3
        return NftLimit(rate=rate, rate_unit=unit, per=per, burst=burst,
                        burst_unit=burst_unit, over=over), j

    def quota(self, i: int) -> tuple[NftStatement, int] | None:
        if self.at(i + 1) == "name" and self.at(i + 2) is not None:
            return NftQuota(name=_unquote(self.toks[i + 2])), i + 3
        j = i + 1
        over = self.at(j) == "over"
        if over or self.at(j) == "until":
            j += 1
        value = _int(self.at(j) or "")
        unit = self.at(j + 1)
        if value is None or unit is None:
            return None
        j += 2
        used = used_unit = None
        if self.at(j) == "used" and _int(self.at(j + 1) or "") is not None \
                and self.at(j + 2) is not None:
            used = int(self.toks[j + 1])
            used_unit = self.toks[j + 2]
            j += 3
        return NftQuota(value=value, unit=unit, used=used, used_unit=used_unit, over=over), j

    def reject(self, i: int) -> tuple[NftStatement, int]:
        if self.at(i + 1) != "with":
            return NftReject(), i + 1
        kind = self.at(i + 2)
        if kind == "tcp" and self.at(i + 3) == "reset":
            return NftReject(type="tcp reset"), i + 4
        if kind in ("icmp", "icmpv6", "icmpx"):
            if self.at(i + 3) == "type" and self.at(i + 4) is not None:
                return NftReject(type=kind, code=self.toks[i + 4], with_type=True), i + 5
            if self.at(i + 3) is not None:
                return NftReject(type=kind, code=self.toks[i + 3]), i + 4
        return NftReject(), i + 1

    def run(self) -> list[NftStatement]:
        out: list[NftStatement] = []
        i = 0
        n = self.n
        unknown_start: int | None = None
        while i < n:
            found = self.statement(i)
            if found is None:
                if unknown_start is None:
                    unknown_start = i
                i += 1
                continue
            if unknown_start is not None:
                out.append(NftUnknown(text=" ".join(self.toks[unknown_start:i])))
                unknown_start = None
            statement, i = found
            out.append(statement)
        if unknown_start is not None:
            out.append(NftUnknown(text=" ".join(self.toks[unknown_start:])))
        return out


_KEYWORDS: dict[str, Callable[[_Reader, int], tuple[NftStatement, int] | None]] = {
    **dict.fromkeys(("accept", "drop", "continue", "return", "jump", "goto"), _Reader.verdict),
    "counter": _Reader.counter,
    "notrack": _Reader.notrack,
    **dict.fromkeys(("dnat", "snat", "masquerade", "redirect"), _Reader.nat),
    "log": _Reader.log,
    "limit": _Reader.limit,
    "quota": _Reader.quota,
    "reject": _Reader.reject,
    **dict.fromkeys(("add", "update", "delete"), _Reader.set_statement),
    "ct": _Reader.ct_count,
    "xt": _Reader.xt,
}
"""Statements that start with a keyword (``ct`` also starts ``ct state`` matches)."""


def _nat_target(spec: str) -> tuple[NftExpr | None, NftExpr | None] | None:
    """``10.0.0.5:80`` / ``[2001:db8::2]:80`` / ``:53`` / ``10.0.0.6`` → (addr, port)."""
    if spec[0] == ":":
        return None, NftValue(text=spec[1:]) if spec[1:] else None
    if spec[0] == "[":
        close = spec.find("]")
        if close == -1:
            return None
        addr = NftValue(text=spec[1:close])
        rest = spec[close + 1:]
        if not rest:
            return addr, None
        if rest[0] != ":" or len(rest) == 1:
            return None
        return addr, NftValue(text=rest[1:])
    if spec.count(":") == 1:
        addr_text, _, port_text = spec.partition(":")
        if not addr_text or not port_text:
            return None
        return NftValue(text=addr_text), NftValue(text=port_text)
    return NftValue(text=spec), None


def parse_statements(body: str) -> tuple[list[NftStatement], str | None]:
    """The statements of a rule body and its ``comment "..."`` (unquoted), if any."""
    segments: list[Any] = []
    if "  " not in body and body[:1] != " " and body[-1:] != " ":
        # the common case: tokens separated by single spaces, no silent statement
        tokens = _TOKEN.findall(body)
        if len(tokens) > _MAX_TOKENS:
            return [NftUnknown(text=body)], None
        if tokens:
            segments.append(tokens)
        return _read_segments(segments)
    position = 0
    current: list[str] = []
    length = len(body)
    for match in _TOKEN.finditer(body):
        start = match.start()
        gap = start - position
        silent = gap if position == 0 else gap - 1
        if silent > 0:
            if current:
                segments.append(current)
                current = []
            segments.extend([_SILENT] * silent)
        current.append(match.group())
        position = match.end()
        if len(current) > _MAX_TOKENS:
            return [NftUnknown(text=body)], None
    trailing = length - position if position else 0
    if current:
        segments.append(current)
    segments.extend([_SILENT] * trailing)
    return _read_segments(segments)


def _read_segments(segments: list[Any]) -> tuple[list[NftStatement], str | None]:
    comment = None
    if segments and segments[-1] is not _SILENT:
        last = segments[-1]
        if len(last) >= 2 and last[-2] == "comment" and last[-1][:1] == '"':
            comment = _unquote(last[-1])
            del last[-2:]
            if not last:
                segments.pop()
    statements: list[NftStatement] = []
    for segment in segments:
        if segment is _SILENT:
            statements.append(NftXt(type="match", name="comment", printed=False))
        else:
            statements.extend(_Reader(segment).run())
    return statements, comment


# ----------------------------------------------------------------------------- elements


def _element(text: str) -> NftElement | None:
    """One element: ``KEY [options] [: VALUE]``."""
    toks = _tokens(text)
    if not toks:
        return None
    colon = None
    depth = 0
    for index, tok in enumerate(toks):
        if tok == ":" and depth == 0:
            colon = index
            break
    key_toks = toks if colon is None else toks[:colon]
    if not key_toks:  # ": VALUE" with no key
        return None
    value: NftExpr | None = None
    if colon is not None:
        value_toks = toks[colon + 1:]
        if not value_toks:
            return None
        value = _element_value(value_toks)
    # the key: values joined by " . ", then options
    reader = _Reader(key_toks)
    found = reader.expr(0)
    if found is not None:
        key, j = found
    else:
        items = [reader.literal(key_toks[0])]
        j = 1
        while j + 1 < len(key_toks) and key_toks[j] == ".":
            items.append(reader.literal(key_toks[j + 1]))
            j += 2
        key = items[0] if len(items) == 1 else NftConcat(items=tuple(items))
    fields: dict[str, Any] = {}
    extra: list[str] = []
    n = len(key_toks)
    while j < n:
        word = key_toks[j]
        arg = key_toks[j + 1] if j + 1 < n else None
        if word in ("timeout", "expires") and arg is not None:
            fields[word] = arg
            j += 2
        elif word == "comment" and arg is not None and arg[:1] == '"':
            fields["comment"] = _unquote(arg)
            j += 2
        elif (word == "counter" and j + 4 < n and key_toks[j + 1] == "packets"
              and key_toks[j + 3] == "bytes" and _int(key_toks[j + 2]) is not None
              and _int(key_toks[j + 4]) is not None):
            fields["counter"] = (int(key_toks[j + 2]), int(key_toks[j + 4]))
            j += 5
        else:
            extra.append(word)
            j += 1
    return NftElement(key=key, value=value, extra=tuple(extra), **fields)


def _element_value(toks: list[str]) -> NftExpr:
    first = toks[0]
    if first in _SIMPLE and len(toks) == 1:
        return NftVerdict(kind=first)
    if first in ("jump", "goto") and len(toks) == 2:
        return NftVerdict(kind=first, target=toks[1])
    reader = _Reader(toks)
    found = reader.value(0)
    if found is not None and found[1] == len(toks):
        return found[0]
    return NftValue(text=" ".join(toks))


def _parts(text: str) -> list[str]:
    """The text of each element in ``a, b : c, ...``."""
    parts = [part.strip().rstrip(",") for part in _split_top(text)] if text else []
    return [part for part in parts if part]


def _elements(text: str) -> list[tuple[str, NftElement | None]]:
    """Each element's text and the element read from it (None: it cannot be read, as a
    key without its value or a value without its key)."""
    return [(part, _element(part)) for part in _parts(text)]


def parse_elements(text: str) -> list[NftElement]:
    """Elements of ``a, b : c, ...`` (the inside of ``{ ... }``); those that cannot be
    read are left out."""
    return [element for _, element in _elements(text) if element is not None]


# ----------------------------------------------------------------------------- blocks


class _Block:
    __slots__ = ("fields", "items", "kind", "line", "lines", "rules")

    def __init__(self, kind: str, line: int, fields: dict[str, Any]) -> None:
        self.kind = kind
        self.line = line
        self.fields = fields
        self.items: list[NftTableItem] = []
        self.rules: list[NftRule] = []
        self.lines: list[str] = []


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.tables: list[NftTable] = []
        self.stack: list[_Block] = []
        self.warnings: list[str] = []
        self.handles = False
        self.record_lines: list[int] = []
        self.elements: list[str] | None = None
        """Element text being collected over continuation lines."""
        self.element_lines: list[tuple[int, str]] = []
        self.element_depth = 0
        self.body = ""
        """The current line as a rule body (see :meth:`line`)."""

    # -- helpers -------------------------------------------------------------------

    def handle(self, match: re.Match[str]) -> int | None:
        text = match.group("handle")
        if text is None:
            return None
        self.handles = True
        return int(text)

    def push(self, block: _Block) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            return
        self.stack.append(block)

    # -- lines ---------------------------------------------------------------------

    def feed(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, 1):
            self.line(number, raw)
        if self.elements is not None:
            self.finish_elements()
        if self.stack:
            open_blocks = ", ".join(f"{b.kind} {b.fields.get('name', '')}".strip()
                                    for b in self.stack)
            self.c.warning(len(lines), "the ruleset stops inside a block "
                           f"({open_blocks}): the listing was cut off", "")
            while self.stack:
                self.close(len(lines))

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if self.stack and self.stack[-1].kind == "chain" and raw[:1] == "\t":
            # a rule keeps spaces after its indentation: iptables-nft's silent statements
            self.body = raw.lstrip("\t").rstrip()
        else:
            self.body = stripped
        if self.elements is not None:
            self.elements.append(stripped)
            self.element_lines.append((number, stripped))
            self.element_depth = _brace_depth(stripped, self.element_depth)
            if self.element_depth <= 0:
                self.finish_elements()
            return
        if not stripped:
            return
        if stripped[0] == "#":
            match = _S["warning"].match(stripped)
            if match is not None:
                self.warnings.append(stripped)
                return
        if not self.stack:
            self.top(number, stripped, raw)
            return
        block = self.stack[-1]
        if stripped == "}":
            self.close(number)
            return
        if block.kind == "table":
            self.in_table(block, number, stripped, raw)
        elif block.kind == "chain":
            self.in_chain(block, number, stripped, raw)
        elif block.kind in ("set", "map"):
            self.in_set(block, number, stripped, raw)
        else:
            block.lines.append(stripped)

    def top(self, number: int, stripped: str, raw: str) -> None:
        match = _S["table_open"].match(stripped)
        if match is None:
            self.c.reject(number, raw.rstrip(), _S["table_open"] if
                          stripped.startswith("table") else None)
            return
        name = _unquote(match.group("name"))
        self.push(_Block("table", number, {
            "family": NftFamily.of(match.group("family")), "name": name,
            "handle": self.handle(match), "warnings": tuple(self.warnings)}))
        self.warnings = []

    def in_table(self, block: _Block, number: int, stripped: str, raw: str) -> None:
        word = stripped.split(" ", 1)[0]
        if word == "chain":
            match = _S["chain_open"].match(stripped)
            if match is not None:
                self.push(_Block("chain", number, {"name": _unquote(match.group("name")),
                                                   "handle": self.handle(match)}))
                return
            shape = _S["chain_open"]
        elif word in ("set", "map"):
            match = _S["set_open"].match(stripped)
            if match is not None:
                self.push(_Block(match.group("kind"), number, {
                    "name": _unquote(match.group("name")), "handle": self.handle(match)}))
                return
            shape = _S["set_open"]
        elif word == "comment":
            match = _S["comment"].match(stripped)
            if match is not None:
                block.fields["comment"] = _unquote(match.group("comment"))
                return
            shape = _S["comment"]
        elif word == "flags":
            match = _S["flags"].match(stripped)
            if match is not None:
                block.fields["flags"] = tuple(match.group("flags").split(","))
                return
            shape = _S["flags"]
        else:
            match = _S["object_open"].match(stripped)
            if match is not None:
                self.push(_Block("object", number, {
                    "object": match.group("kind"), "name": _unquote(match.group("name")),
                    "handle": self.handle(match)}))
                return
            shape = _S["object_open"]
        self.c.reject(number, raw.rstrip(), shape, offset=_indent(raw))

    def in_chain(self, block: _Block, number: int, stripped: str, raw: str) -> None:
        if not block.rules:
            if stripped.startswith("type "):
                match = _S["hook"].match(stripped)
                if match is not None:
                    block.fields.update(
                        type=match.group("type"), hook=match.group("hook"),
                        device=match.group("device"),
                        priority=match.group("priority").strip(),
                        policy=match.group("policy"))
                    return
            elif stripped.startswith('comment "'):
                match = _S["comment"].match(stripped)
                if match is not None:
                    block.fields["comment"] = _unquote(match.group("comment"))
                    return
            elif stripped.startswith("devices = {"):
                match = _S["devices"].match(stripped)
                if match is not None:
                    block.fields["devices"] = match.group("devices").strip()
                    return
        match = _S["rule"].match(self.body)
        if match is None:
            self.c.reject(number, raw.rstrip(), _S["rule"], offset=_indent(raw))
            return
        statements, comment = parse_statements(match.group("body"))
        block.rules.append(NftRule(statements=tuple(statements), comment=comment,
                                   handle=self.handle(match), line=number))

    def in_set(self, block: _Block, number: int, stripped: str, raw: str) -> None:
        fields = block.fields
        word = stripped.split(" ", 1)[0]
        shape = None
        if word == "type":
            match = _S["set_type"].match(stripped)
            if match is not None:
                fields["key_type"] = tuple(match.group("key_type").split(" . "))
                fields["data_type"] = match.group("data_type")
                return
            shape = _S["set_type"]
        elif word == "typeof":
            match = _S["set_typeof"].match(stripped)
            if match is not None:
                fields["key_typeof"] = match.group("key_typeof")
                fields["data_typeof"] = match.group("data_typeof")
                return
            shape = _S["set_typeof"]
        elif word == "flags":
            match = _S["flags"].match(stripped)
            if match is not None:
                fields["flags"] = tuple(match.group("flags").split(","))
                return
            shape = _S["flags"]
        elif word == "comment":
            match = _S["comment"].match(stripped)
            if match is not None:
                fields["comment"] = _unquote(match.group("comment"))
                return
            shape = _S["comment"]
        elif word == "elements":
            match = _S["elements"].match(stripped)
            if match is not None:
                self.elements = [stripped]
                self.element_lines = [(number, stripped)]
                self.element_depth = _brace_depth(stripped)
                if self.element_depth <= 0:
                    self.finish_elements()
                return
            shape = _S["elements"]
        else:
            match = _S["property"].match(stripped)
            if match is not None:
                properties = fields.setdefault("properties", [])
                properties.append((match.group("keyword"), match.group("value") or ""))
                return
            shape = _S["property"]
        self.c.reject(number, raw.rstrip(), shape, offset=_indent(raw))

    def finish_elements(self) -> None:
        assert self.elements is not None
        block = self.stack[-1]
        text = " ".join(self.elements)
        inner = text[len("elements = {"):].strip()
        if inner.endswith("}"):
            inner = inner[:-1].strip()
        read = _elements(inner)
        # element line numbers: count the elements on each printed line
        lines: list[int] = []
        for number, piece in self.element_lines:
            if piece.startswith("elements = {"):
                piece = piece[len("elements = {"):]
            lines.extend([number] * len(_parts(piece.strip().rstrip("}").strip())))
        numbered = len(lines) == len(read)
        first = self.element_lines[0][0] if self.element_lines else block.line
        elements = []
        for index, (part, element) in enumerate(read):
            if element is None:  # damage: one element lost, said so; the others kept
                self.c.error(lines[index] if numbered else first, 1,
                             "a set element that cannot be read (a key, then ': VALUE' "
                             "for a map)", part)
            else:
                elements.append(_with_line(element, lines[index]) if numbered else element)
        block.fields["elements"] = tuple(elements)
        self.elements = None
        self.element_lines = []

    def close(self, number: int) -> None:
        block = self.stack.pop()
        fields = block.fields
        if block.kind == "table":
            table = NftTable(items=tuple(block.items), line=block.line, **fields)
            self.tables.append(table)
            self.record_lines.append(block.line)
            return
        if not self.stack:
            return
        parent = self.stack[-1]
        if block.kind == "chain":
            item: NftTableItem = NftChain(rules=tuple(block.rules), line=block.line, **fields)
        elif block.kind in ("set", "map"):
            properties = tuple(fields.pop("properties", ()))
            item = NftSet(kind=block.kind, properties=properties, line=block.line, **fields)
        else:
            item = NftObject(kind=fields["object"], name=fields["name"],
                             handle=fields["handle"], lines=tuple(block.lines),
                             line=block.line)
        if parent.kind == "table":
            parent.items.append(item)


def _with_line(element: NftElement, line: int) -> NftElement:
    import attrs

    return attrs.evolve(element, line=line)


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))


def _brace_depth(text: str, depth: int = 0) -> int:
    """``depth`` plus the braces ``text`` opens minus those it closes (outside quotes)."""
    if '"' not in text:
        return depth + text.count("{") - text.count("}")
    for _, char in _unquoted(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
    return depth


def parse_nft(text: str, *, strict: bool = False, source: str | None = None,
              **_hints: Any) -> NftOutput:
    """Parse ``nft [-a] list ruleset`` (or ``list table``) output.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    parser = _Parser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    return NftOutput(
        tables=tuple(parser.tables),
        form=NftForm(handles=parser.handles),
        trailing_warnings=tuple(parser.warnings),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(parser.record_lines),
    )


_SNIFF_TABLE: Callable[[str], re.Match[str] | None] = _S["table_open"].match


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("nft", score)`` or None."""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("table "):
            match = _SNIFF_TABLE(stripped)
            if match is not None and match.group("family") in g.FAMILIES:
                return "nft", 95
        if stripped.startswith("# Warning: table ") and "iptables-nft" in stripped:
            return "nft", 85
    return None

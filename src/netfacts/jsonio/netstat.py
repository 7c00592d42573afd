"""netstat shaped JSON (netstat has no JSON of its own; this is netfacts' schema).

``netstat_to_json(out)`` gives an object with, as present in the output,
``sockets``, ``routes``, ``interfaces``, ``statistics`` and ``groups``; ``netstat -c``
gives ``{"samples": [<that object>, ...]}`` in print order.

Socket objects:

* Internet: ``proto``, ``recv_q``, ``send_q``, ``local_address``, ``local_port``,
  ``foreign_address``, ``foreign_port``, ``state``, ``pid``, ``program``, then ``user``
  and ``inode`` (``-e``) and ``timer`` (``-o``) when the section has those columns.
* UNIX: ``proto`` (``"unix"``), ``refcnt``, ``flags`` (list), ``type``, ``state``,
  ``inode``, ``pid``, ``program``, ``path``.

Value rules and asymmetries (the text carries them; netstat has no JSON to mirror):

* addresses are strings as ``inet_ntop`` writes them (IPv4-mapped stays dotted), host
  names as printed, ``null`` for the ``*`` wildcard; ports are integers, service names
  strings, ``null`` for ``*``;
* ``state`` is the word netstat printed: ``null`` when the column was empty (UDP,
  unconnected UNIX), the kernel number as a string for RAW sockets (``"7"``);
* ``pid`` and ``program`` are ``null`` for ``-``;
* ``timer`` is ``{"name", "expires_ms", "retransmits", "probes"}``;
* two keys are added when true: ``local_address_truncated`` / ``foreign_address_truncated``
  — netstat without ``-W`` printed 23 characters and the address may be cut (the
  string is then the cut text, never a guessed address).

:func:`socket_to_netstat_json` turns *any* socket — also one read from ss — into the
same shape (an ss socket gets netstat's words: ``tcp6`` for an IPv6 socket, dotted IPv4
for IPv4-mapped addresses, ``LISTENING``/``CONNECTED`` for UNIX states).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any

from netfacts.jsonio._text_writer import array_pieces
from netfacts.models.netstat import (
    CUT,
    IP,
    UNIX_ROW,
    IfconfigAddress,
    IfconfigInterface,
    NetstatForm,
    NetstatInterface,
    NetstatOutput,
    NetstatRoute,
    NetstatSample,
    Row,
    StatSection,
    socket_row,
    socket_rows,
)
from netfacts.models.socket import Endpoint, Port, Socket, TcpState, Timer
from netfacts.models.values import ip_text

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = [
    "netstat_direct_json",
    "netstat_to_json",
    "netstat_to_json_text",
    "route_to_json",
    "sample_to_json",
    "socket_to_netstat_json",
    "sockets_json_text",
    "statistics_to_json",
]

_IP = (ipaddress.IPv4Address, ipaddress.IPv6Address)
_UNIX_TYPES = {"u_str": "STREAM", "u_dgr": "DGRAM", "u_seq": "SEQPACKET",
               "u_seqpacket": "SEQPACKET"}


def _address(value: Any) -> Any:
    if isinstance(value, _IP):
        return ip_text(value)
    if value is None or isinstance(value, str):
        return value
    return str(value)


def timer_to_json(timer: Timer | None) -> dict[str, Any] | None:
    """``{"name", "expires_ms", "retransmits", "probes"}`` or None."""
    return _timer(timer)


def address_text(value: Any) -> Any:
    """An address as the JSON holds it (``inet_ntop`` text, a name, or None)."""
    return _address(value)


def _timer(timer: Timer | None) -> dict[str, Any] | None:
    if timer is None:
        return None
    return {
        "name": timer.name,
        "expires_ms": timer.expires_ms,
        "retransmits": timer.retransmits,
        "probes": timer.probes,
    }


def _state(socket: Socket) -> str | None:
    return state_text(socket.proto or "", socket.state)


def state_text(proto: str, state: TcpState | None) -> str | None:
    """The JSON ``state`` of an Internet socket of ``proto``: the word netstat prints."""
    if state is None:
        return None
    kind = proto.rstrip("6")
    if kind in ("udp", "udpl"):
        return None if state is TcpState.CLOSE else state.value
    if kind == "raw":
        number = state.number
        return str(number) if number is not None else state.value
    return state.value


_NULL = "null"


def _text(value: str | None) -> str:
    return _NULL if value is None else _string(value)


def _port(value: Port) -> str:
    if value is None:
        return _NULL
    if type(value) is int:
        return str(value)
    return _string(str(value))


def _address_json(text: str | None, kind: int) -> str:
    if text is None:
        return _NULL
    if kind == IP:  # inet_ntop's text: nothing to escape
        return f'"{text}"'
    return _string(text)


def _integer(value: int | None) -> str:
    return _NULL if value is None else str(int(value))


def _timer_text(timer: Timer | None) -> str:
    if timer is None:
        return _NULL
    return (f'{{"name":{_string(timer.name)},"expires_ms":{_integer(timer.expires_ms)},'
            f'"retransmits":{_integer(timer.retransmits)},"probes":{_integer(timer.probes)}}}')


def _unix_middle(state: TcpState | None, flags: tuple[str, ...], kind: str | None) -> str:
    """The constant text of a UNIX row between its refcnt and its inode."""
    word = (state.unix_word or None) if state is not None else None
    return (f',"flags":[{",".join(map(_string, flags))}],"type":{_text(kind)},'
            f'"state":{_text(word)},"inode":')


def _unix_text(row: Row, middles: dict[tuple[Any, ...], str]) -> str:
    """A UNIX row; ``middles``: :func:`_unix_middle` by its arguments (a memo of one
    writing, keyed by the values themselves)."""
    _, state, refcnt, flags, kind, path, inode, pid, name, _ = row
    key = (state, flags, kind)
    middle = middles.get(key)
    if middle is None:
        middle = middles[key] = _unix_middle(state, flags, kind)
    return (f'{{"proto":"unix","refcnt":{_integer(refcnt)}{middle}'
            f'{_integer(inode)},"pid":{_integer(pid)},'
            f'"program":{_NULL if name is None else _string(name)},'
            f'"path":{_NULL if path is None else _string(path)}}}')


def sockets_json_text(rows: Iterable[Row], columns: tuple[str, ...]) -> str:
    """The JSON array (compact text) of netstat socket rows (``INET_ROW``, ``UNIX_ROW`` of
    :mod:`netfacts.models.netstat`) of a listing whose Internet section has ``columns``.

    This is the one writer of socket objects (:func:`socket_texts`):
    :func:`netstat_to_json` and :func:`socket_to_netstat_json` read what it writes.
    Members follow the column order; ``user``/``inode`` and ``timer`` only for the sections
    that print them, the ``*_address_truncated`` members only when true.
    """
    return "".join(array_pieces(socket_texts(rows, columns)))


def socket_texts(rows: Iterable[Row], columns: tuple[str, ...]) -> Iterator[str]:
    """The JSON text of each socket row, one by one (see :func:`sockets_json_text`)."""
    with_user = "user" in columns
    with_timer = "timer" in columns
    heads: dict[tuple[Any, Any], tuple[str, str]] = {}
    """(proto, state) → the constant text of a row's head and its ``state`` member: a memo
    of this call, keyed by the values themselves."""
    string = _string
    middles: dict[tuple[Any, ...], str] = {}
    for row in rows:
        if len(row) == _UNIX_SIZE and row[0] == "unix":
            yield _unix_text(row, middles)
            continue
        (proto, state, recv_q, send_q, laddr, lport, lkind, faddr, fport, fkind, pid, name, _,
         user, inode, timer) = row
        head = heads.get((proto, state))
        if head is None:
            head = heads[(proto, state)] = (
                f'{{"proto":{_text(proto)},"recv_q":',
                f',"state":{_text(state_text(proto or "", state))},"pid":')
        local = _NULL if laddr is None else f'"{laddr}"' if lkind == IP else string(laddr)
        foreign = _NULL if faddr is None else f'"{faddr}"' if fkind == IP else string(faddr)
        piece = (
            f'{head[0]}{recv_q if type(recv_q) is int else _integer(recv_q)},"send_q":'
            f'{send_q if type(send_q) is int else _integer(send_q)},"local_address":{local}'
            f',"local_port":{lport if type(lport) is int else _port(lport)},"foreign_address":'
            f'{foreign},"foreign_port":{fport if type(fport) is int else _port(fport)}'
            f'{head[1]}{_NULL if pid is None else pid},"program":'
            f'{_NULL if name is None else string(name)}'
        )
        if with_user:
            piece += f',"user":{_text(user)},"inode":{_integer(inode)}'
        if with_timer:
            piece += f',"timer":{_timer_text(timer)}'
        if lkind == CUT:
            piece += ',"local_address_truncated":true'
        if fkind == CUT:
            piece += ',"foreign_address_truncated":true'
        yield piece + "}"


_UNIX_SIZE = len(UNIX_ROW)


def _inet_object(row: Row, columns: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(sockets_json_text((row,), columns))[0]
    return result


def _unix_json(socket: Socket) -> dict[str, Any]:
    unix = socket.unix
    state = socket.state
    processes = socket.processes
    kind: str | None = unix.type if unix is not None else None
    if kind is None and socket.proto is not None:
        kind = _UNIX_TYPES.get(socket.proto)
    state_text = state.unix_word if state is not None else None
    return {
        "proto": "unix",
        "refcnt": unix.refcnt if unix is not None else None,
        "flags": list(unix.flags) if unix is not None else [],
        "type": kind,
        "state": state_text or None,
        "inode": socket.inode,
        "pid": processes[0].pid if processes else None,
        "program": processes[0].name if processes else None,
        "path": unix.path if unix is not None else None,
    }


def _looks_like_ss(socket: Socket) -> bool:
    if socket.ss is not None or socket.proto is None:
        return True
    if socket.proto in ("u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr", "mptcp", "icmp6"):
        return True
    return any(process.fd is not None for process in socket.processes) or (
        socket.local is not None and socket.local.interface is not None
    )


def _netstat_proto(socket: Socket, from_ss: bool) -> str | None:
    """netstat 2.10's Proto word: ``tcp6`` for every IPv6 socket (ss says ``tcp`` for
    both families, netstat 1.60 too)."""
    transport = socket.transport
    if transport not in ("tcp", "udp", "raw", "udplite", "sctp"):
        return socket.proto
    base = "udpl" if transport == "udplite" else transport
    local = socket.local
    address = local.address if local is not None else None
    if isinstance(address, ipaddress.IPv6Address):
        return base + "6"
    if not from_ss:
        return socket.proto  # netstat prints IPv4-mapped addresses of tcp6 sockets as IPv4
    if isinstance(address, ipaddress.IPv4Address):
        return base
    if address is None and from_ss:
        return base + "6"  # ss ≥ 4.14 prints a dual-stack IPv6 wildcard as "*"
    return socket.proto


def _as_netstat(endpoint: Endpoint | None, v6: bool, from_ss: bool) -> Endpoint | None:
    if endpoint is None:
        return None
    address = endpoint.unmapped
    if address is None and from_ss:
        address = ipaddress.IPv6Address(0) if v6 else ipaddress.IPv4Address(0)
    if address is endpoint.address and endpoint.interface is None:
        return endpoint
    return Endpoint(address=address, port=endpoint.port, truncated=endpoint.truncated)


def socket_to_netstat_json(socket: Socket, *, from_ss: bool | None = None) -> dict[str, Any]:
    """One socket — from netstat or from ss — as a netstat (2.10) socket object.

    netstat's words are used whatever the source: ``tcp6`` for IPv6 sockets, IPv4-mapped
    addresses as IPv4, ``0.0.0.0``/``::`` for ss's ``*``, ``LISTENING``/``CONNECTED`` for
    UNIX states.  ``user``, ``inode`` and ``timer`` are included when the socket has them.
    ``from_ss`` says where the socket came from (guessed when None).
    """
    if from_ss is None:
        from_ss = _looks_like_ss(socket)
    if socket.unix is not None or socket.transport == "unix":
        unix_out = _unix_json(socket)
        if from_ss:
            unix_out["refcnt"] = None
            unix_out["flags"] = ["ACC"] if socket.state is TcpState.LISTEN else []
        return unix_out
    proto = _netstat_proto(socket, from_ss)
    v6 = (proto or "").endswith("6")
    local = _as_netstat(socket.local, v6, from_ss)
    peer = _as_netstat(socket.peer, v6, from_ss)
    copy = socket
    if proto != socket.proto or local is not socket.local or peer is not socket.peer:
        copy = Socket(
            proto=proto,
            state=socket.state,
            recv_q=socket.recv_q,
            send_q=socket.send_q,
            local=local,
            peer=peer,
            processes=socket.processes,
            user=socket.user,
            inode=socket.inode,
            timer=socket.timer,
        )
    columns: list[str] = []
    ext = socket.ss
    user = socket.user
    if user is None and ext is not None and (ext.uid is not None or socket.inode is not None):
        user = str(ext.uid or 0)
    if user is not None or socket.inode is not None:
        columns.append("user")
    if socket.timer is not None:
        columns.append("timer")
    out = _inet_object(socket_row(copy), tuple(columns))
    if "user" in out:
        out["user"] = user
    return out


def _route(route: NetstatRoute, columns: tuple[str, ...]) -> dict[str, Any]:
    if route.family == "inet6":
        out: dict[str, Any] = {
            "destination": str(route.destination),
            "next_hop": _address(route.gateway),
            "flags": route.flags,
            "metric": route.metric,
            "ref": route.ref,
            "use": route.use,
            "iface": route.iface,
        }
    else:
        out = {
            "destination": _address(route.destination),
            "gateway": _address(route.gateway),
            "genmask": _address(route.genmask),
            "flags": route.flags,
        }
        for name in columns or ("mss", "window", "irtt"):
            out[name] = getattr(route, name)
        out["iface"] = route.iface
    if route.truncated:
        out["truncated"] = list(route.truncated)
    return out


def route_to_json(route: NetstatRoute, columns: tuple[str, ...] = ()) -> dict[str, Any]:
    """One route object (``columns``: the optional columns of the IPv4 table)."""
    return _route(route, columns)


def _iface(interface: NetstatInterface, legacy: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"iface": interface.name, "mtu": interface.mtu}
    if legacy:
        out["met"] = interface.metric
    for name in ("rx_ok", "rx_err", "rx_drp", "rx_ovr", "tx_ok", "tx_err", "tx_drp", "tx_ovr"):
        out[name] = getattr(interface, name)
    out["flg"] = interface.flags
    if interface.truncated:
        out["truncated"] = True
    return out


def _ifconfig_address(address: IfconfigAddress) -> dict[str, Any]:
    out: dict[str, Any] = {"family": address.family, "address": _address(address.address)}
    for name in ("netmask", "prefixlen", "broadcast", "destination", "scope", "scopeid"):
        value = getattr(address, name)
        if value is not None:
            out[name] = _address(value) if name in ("netmask", "broadcast", "destination") \
                else value
    return out


_IFCONFIG_FIELDS = ("flags_value", "mtu", "metric", "link_type", "encap", "hwaddr", "txqueuelen")
_IFCONFIG_COUNTERS = (
    "rx_packets", "rx_bytes", "rx_errors", "rx_dropped", "rx_overruns", "rx_frame",
    "tx_packets", "tx_bytes", "tx_errors", "tx_dropped", "tx_overruns", "tx_carrier",
    "collisions",
)


def _ifconfig(interface: IfconfigInterface) -> dict[str, Any]:
    out: dict[str, Any] = {"name": interface.name, "flags": list(interface.flags)}
    for name in _IFCONFIG_FIELDS:
        value = getattr(interface, name)
        if value is not None:
            out[name] = value
    out["addresses"] = [_ifconfig_address(a) for a in interface.addresses]
    for name in _IFCONFIG_COUNTERS:
        value = getattr(interface, name)
        if value is not None:
            out[name] = value
    if interface.extra_lines:
        out["extra_lines"] = list(interface.extra_lines)
    if interface.truncated:
        out["truncated"] = True
    return out


def statistics_to_json(sections: tuple[StatSection, ...]) -> dict[str, Any]:
    """``{"Ip": {"Forwarding": 2, "total packets received": 228, "ICMP input histogram":
    {"destination unreachable": 110}}, ...}``."""
    out: dict[str, Any] = {}
    for section in sections:
        values: dict[str, Any] = {}
        for entry in section.entries:
            target = values
            if entry.group is not None:
                nested = values.get(entry.group)
                if not isinstance(nested, dict):
                    nested = {}
                    values[entry.group] = nested
                target = nested
            target[entry.key] = entry.value
        out[section.name] = values
    return out


def _sockets_pieces(sample: NetstatSample, form: NetstatForm) -> list[str] | None:
    """The ``sockets`` array of a sample (compact text, in the pieces of
    :func:`~netfacts.jsonio._text_writer.array_pieces`), None when the form has none."""
    kinds = {section.kind for section in form.sections}
    if not (kinds & {"inet", "unix"} or sample.sockets):
        return None
    inet_section = form.section("inet")
    return array_pieces(socket_texts(socket_rows(sample.sockets),
                                     inet_section.columns if inet_section is not None else ()))


def _sockets_text(sample: NetstatSample, form: NetstatForm) -> str | None:
    """The ``sockets`` array of a sample (compact text), None when the form has none."""
    pieces = _sockets_pieces(sample, form)
    return None if pieces is None else "".join(pieces)


def _other_sections(sample: NetstatSample, form: NetstatForm) -> dict[str, Any]:
    kinds = {section.kind for section in form.sections}
    out: dict[str, Any] = {}
    if kinds & {"route", "route6"} or sample.routes:
        route_section = form.section("route")
        columns = route_section.columns if route_section is not None else ()
        out["routes"] = [_route(route, columns) for route in sample.routes]
    if kinds & {"interfaces", "ifconfig"} or sample.interfaces:
        table = form.section("interfaces")
        legacy = table.legacy if table is not None else False
        out["interfaces"] = [
            _ifconfig(i) if isinstance(i, IfconfigInterface) else _iface(i, legacy)
            for i in sample.interfaces
        ]
    if "statistics" in kinds or sample.statistics:
        out["statistics"] = statistics_to_json(sample.statistics)
    if "groups" in kinds or sample.groups:
        out["groups"] = [
            {"interface": g.interface, "refcnt": g.refcnt, "group": _address(g.group)}
            for g in sample.groups
        ]
    return out


def sample_to_json(sample: NetstatSample, form: NetstatForm) -> dict[str, Any]:
    """One sample: the keys of the sections the form says were printed."""
    out: dict[str, Any] = {}
    sockets = _sockets_text(sample, form)
    if sockets is not None:
        out["sockets"] = json.loads(sockets)
    out.update(_other_sections(sample, form))
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _sample_pieces(sample: NetstatSample, form: NetstatForm) -> list[str]:
    """The compact JSON of one sample, in pieces whose concatenation it is."""
    others = _dumps(_other_sections(sample, form))
    sockets = _sockets_pieces(sample, form)
    if sockets is None:
        return [others]
    return ['{"sockets":', *sockets, "}" if others == "{}" else "," + others[1:]]


def netstat_to_json(output: NetstatOutput) -> dict[str, Any]:
    """The JSON object for a netstat output (see the module docstring)."""
    result: dict[str, Any] = json.loads(netstat_to_json_text(output))
    return result


def netstat_to_json_text(output: NetstatOutput) -> str:
    """The compact JSON text of :func:`netstat_to_json` (which reads it): the socket rows
    the parser kept are written without building a ``Socket``."""
    return "".join(_output_pieces(output))


def _output_pieces(output: NetstatOutput) -> list[str]:
    form = output.form
    if form.continuous:
        pieces = ['{"samples":[']
        for index, sample in enumerate(output.samples):
            if index:
                pieces.append(",")
            pieces += _sample_pieces(sample, form)
        pieces.append("]}")
        return pieces
    return _sample_pieces(output.samples[0] if output.samples else NetstatSample(), form)


def netstat_direct_json(text: str, *, source: str | None = None, wide: bool | None = None,
                        **_hints: Any) -> tuple[list[str], tuple[Diagnostic, ...]]:
    """``netfacts parse --as netstat`` (``direct_json`` of the registry): the parser's rows
    straight to JSON text, no ``Socket`` built; the pieces concatenate to the compact
    ``json.dumps`` of :func:`netstat_to_json` (the CLI writes them one by one)."""
    from netfacts.parsers.netstat import parse_netstat

    output = parse_netstat(text, source=source, wide=wide)
    return _output_pieces(output), output.diagnostics

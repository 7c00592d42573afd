"""Render netstat output again, in the form recorded in ``NetstatOutput.form``.

Rows are printed with net-tools 2.10's ``printf`` widths (1.60's where the form says
``legacy``); parsing the result gives back equal models.  Each sample of ``-c`` is
printed in turn.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from netfacts.models.netstat import (
    IfconfigAddress,
    IfconfigInterface,
    MulticastGroup,
    NetstatInterface,
    NetstatOutput,
    NetstatRoute,
    NetstatSample,
    NetstatSection,
    StatSection,
)
from netfacts.models.socket import Endpoint, Socket, TcpState
from netfacts.models.values import ip_text

__all__ = ["endpoint_text", "render_netstat", "socket_row"]

_DEFAULT_TITLES = {
    "inet": "Active Internet connections (servers and established)",
    "unix": "Active UNIX domain sockets (servers and established)",
    "route": "Kernel IP routing table",
    "route6": "Kernel IPv6 routing table",
    "interfaces": "Kernel Interface table",
    "ifconfig": "Kernel Interface table",
    "groups": "IPv6/IPv4 Group Memberships",
}
_INET_HEADER = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "


def _text(value: Any) -> str:
    if value is None:
        return "*"
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ip_text(value)
    return str(value)


def endpoint_text(endpoint: Endpoint | None) -> str:
    """``ADDR:PORT`` as netstat prints it (``*`` for a wildcard address or port)."""
    if endpoint is None:
        return "*:*"
    port = "*" if endpoint.port is None else str(endpoint.port)
    return f"{_text(endpoint.address)}:{port}"


def _state_word(socket: Socket) -> str:
    state = socket.state
    if state is None:
        return ""
    kind = (socket.proto or "").rstrip("6")
    if kind in ("udp", "udpl"):
        return "" if state is TcpState.CLOSE else state.value
    if kind == "raw":
        number = state.number
        return str(number) if number is not None else state.value
    return state.value


def _program(socket: Socket) -> str:
    if not socket.processes:
        return "-"
    process = socket.processes[0]
    return f"{process.pid}/{process.name}" if process.pid is not None else process.name


def _timer(socket: Socket) -> str:
    timer = socket.timer
    if timer is None:
        return "off (0.00/0/0)"
    ms = timer.expires_ms or 0
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    seconds = f"{sign}{ms // 1000}.{(ms % 1000) // 10:02d}"
    return f"{timer.name} ({seconds}/{timer.retransmits}/{timer.probes or 0})"


def socket_row(socket: Socket, section: NetstatSection) -> str:
    """One Internet or UNIX row of ``section``'s layout."""
    if socket.unix is not None:
        return _unix_row(socket, section)
    columns = section.columns
    parts = [
        f"{socket.proto or 'tcp':<5} {socket.recv_q or 0:>6} {socket.send_q or 0:>6} "
        f"{endpoint_text(socket.local):<23} {endpoint_text(socket.peer):<23} "
        f"{_state_word(socket):<11}"
    ]
    if "user" in columns:
        inode = "" if socket.inode is None else str(socket.inode)
        parts.append(f" {socket.user or '0':<10} {inode:<10}")
    if "program" in columns:
        parts.append(f" {_program(socket):<20}")
    if "timer" in columns:
        parts.append(f" {_timer(socket)}")
    line = "".join(parts)
    return line if "program" in columns or not line.endswith(" ") else line.rstrip()


def _unix_row(socket: Socket, section: NetstatSection) -> str:
    unix = socket.unix
    assert unix is not None
    flags = "[ " + "".join(flag + " " for flag in unix.flags) + "]"
    state = socket.state.unix_word if socket.state is not None else ""
    inode = "-" if socket.inode is None else str(socket.inode)
    head = (f"{socket.proto or 'unix':<5} {unix.refcnt or 0:<6} {flags:<11} "
            f"{unix.type or 'STREAM':<10} {state:<13} ")
    width = 6 if section.legacy else 8
    line = head + f"{inode:<{width}} "
    if "program" in section.columns:
        line += f"{_program(socket):<20}" + ("" if section.legacy else " ")
    return line + (unix.path or "")


def _inet_header(section: NetstatSection) -> str:
    header = _INET_HEADER
    if "user" in section.columns:
        header += " User       Inode     "
    if "program" in section.columns:
        header += " PID/Program name   " + ("" if section.legacy else " ")
    if "timer" in section.columns:
        header += " Timer"
    return header


def _unix_header(section: NetstatSection) -> str:
    header = "Proto RefCnt Flags       Type       State         I-Node"
    program = "program" in section.columns
    if section.legacy:
        return header + (" PID/Program name    Path" if program else " Path")
    return header + ("   PID/Program name     Path" if program else "   Path")


def _num(value: int | None, width: int, left: bool = False) -> str:
    text = "-" if value is None else str(value)
    return f"{text:<{width}}" if left else f"{text:>{width}}"


def _route_row(route: NetstatRoute, columns: tuple[str, ...]) -> str:
    if route.family == "inet6":
        return (f"{_text(route.destination):<30} {_text(route.gateway):<26} {route.flags:<4} "
                f"{route.metric if route.metric is not None else -1:<3} {route.ref or 0:<1} "
                f"{route.use or 0:>6} {route.iface or '-'}")
    gateway = "-" if route.gateway is None else _text(route.gateway)
    genmask = "-" if route.genmask is None else _text(route.genmask)
    head = f"{_text(route.destination):<15} {gateway:<15} {genmask:<15} {route.flags:<5}"
    iface = route.iface or "-"
    if "metric" not in columns:
        return (f"{head} {_num(route.mss, 5)} {_num(route.window, 5, True)} "
                f"{_num(route.irtt, 6)} {iface}")
    line = (f"{head} {_num(route.metric, 6, True)} {_num(route.ref, 2, True)} "
            f"{_num(route.use, 7)} ")
    if "mss" in columns:
        return (line + f"{iface:<8} {_num(route.mss, 5, True)} {_num(route.window, 6, True)} "
                f"{_num(route.irtt, 0, True)}")
    return line + iface


_ROUTE_HEADERS = {
    (): "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface",
    ("mss", "window", "irtt"):
        "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface",
    ("metric", "ref", "use"):
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
    ("metric", "ref", "use", "mss", "window", "irtt"):
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   "
        "Window irtt",
}
_ROUTE6_HEADER = "Destination                    Next Hop                   Flag Met Ref  Use If"


def _iface_row(interface: NetstatInterface, legacy: bool) -> str:
    if legacy:
        head = f"{interface.name:<5.5} {interface.mtu or 0:>5} {interface.metric or 0:>3}"
    else:
        head = f"{interface.name:<15} {interface.mtu or 0:>5}"
    if not interface.has_statistics:
        return f"{head}      - no statistics available -                        {interface.flags}"
    if legacy:
        counters = (f" {interface.rx_ok:>7} {interface.rx_err:>6} {interface.rx_drp:>6} "
                    f"{interface.rx_ovr:>6} {interface.tx_ok:>7} {interface.tx_err:>6} "
                    f"{interface.tx_drp:>6} {interface.tx_ovr:>6}")
    else:
        counters = (f" {interface.rx_ok:>8} {interface.rx_err:>6} {interface.rx_drp:>6} "
                    f"{interface.rx_ovr!s:<6} {interface.tx_ok:>8} {interface.tx_err:>6} "
                    f"{interface.tx_drp:>6} {interface.tx_ovr:>6}")
    return f"{head}{counters} {interface.flags}"


_IFACE_HEADER = ("Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP "
                 "TX-OVR Flg")
_IFACE_HEADER_160 = ("Iface   MTU Met   RX-OK RX-ERR RX-DRP RX-OVR   TX-OK TX-ERR TX-DRP TX-OVR "
                     "Flg")


def _human(value: int, legacy: bool) -> str:
    units = ("b", "Kb", "Mb", "Gb") if legacy else ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
    short = value * 10
    unit = units[0]
    for power, name in enumerate(units[1:], 1):
        if value > 1024**power:
            unit = name
            short = value * 10 // 1024**power
        else:
            break
    return f"{short // 10}.{short % 10} {unit}"


_SCOPE_IDS = {"link": 0x20, "global": 0x0, "host": 0x10, "site": 0x40, "compat": 0x80}


def _ifconfig_address(address: IfconfigAddress, legacy: bool) -> str:
    if legacy:
        if address.family == "inet6":
            scope = (address.scope or "global").capitalize()
            return f"          inet6 addr: {ip_text(address.address)}/{address.prefixlen} " \
                   f"Scope:{scope}"
        line = f"          inet addr:{ip_text(address.address)}"
        if address.destination is not None:
            line += f"  P-t-P:{ip_text(address.destination)}"
        if address.broadcast is not None:
            line += f"  Bcast:{ip_text(address.broadcast)}"
        netmask = ip_text(address.netmask) if address.netmask is not None else "255.255.255.255"
        return line + f"  Mask:{netmask}"
    if address.family == "inet6":
        line = f"        inet6 {ip_text(address.address)}  prefixlen {address.prefixlen}"
        if address.scope is not None:
            scopeid = address.scopeid
            if scopeid is None:
                scopeid = _SCOPE_IDS.get(address.scope, 0)
            line += f"  scopeid 0x{scopeid:x}<{address.scope}>"
        return line
    line = f"        inet {ip_text(address.address)}"
    for word, value in (("netmask", address.netmask), ("broadcast", address.broadcast),
                        ("destination", address.destination)):
        if value is not None:
            line += f"  {word} {ip_text(value)}"
    return line


def _ifconfig_block(interface: IfconfigInterface, legacy: bool) -> list[str]:
    i = interface
    lines: list[str] = []
    if legacy:
        head = f"{i.name:<9} Link encap:{i.encap or 'UNSPEC'}"
        if i.hwaddr is not None:
            head += f"  HWaddr {i.hwaddr}"
        lines.append(head)
        lines += [_ifconfig_address(a, True) for a in i.addresses]
        if i.mtu is not None:
            flags = " ".join(i.flags)
            lines.append(f"          {flags + '  ' if flags else ''}MTU:{i.mtu}  "
                         f"Metric:{i.metric if i.metric is not None else 1}")
        if i.rx_packets is not None:
            lines.append(f"          RX packets:{i.rx_packets} errors:{i.rx_errors or 0} "
                         f"dropped:{i.rx_dropped or 0} overruns:{i.rx_overruns or 0} "
                         f"frame:{i.rx_frame or 0}")
        if i.tx_packets is not None:
            lines.append(f"          TX packets:{i.tx_packets} errors:{i.tx_errors or 0} "
                         f"dropped:{i.tx_dropped or 0} overruns:{i.tx_overruns or 0} "
                         f"carrier:{i.tx_carrier or 0}")
        if i.collisions is not None:
            queue = f" txqueuelen:{i.txqueuelen}" if i.txqueuelen is not None else ""
            lines.append(f"          collisions:{i.collisions}{queue}")
        if i.rx_bytes is not None and i.tx_bytes is not None:
            lines.append(f"          RX bytes:{i.rx_bytes} ({_human(i.rx_bytes, True)})  "
                         f"TX bytes:{i.tx_bytes} ({_human(i.tx_bytes, True)})")
    else:
        head = f"{i.name}: flags={i.flags_value or 0}<{','.join(i.flags)}>"
        if i.mtu is not None:
            head += f"  mtu {i.mtu}"
        if i.metric is not None:
            head += f"  metric {i.metric}"
        lines.append(head)
        lines += [_ifconfig_address(a, False) for a in i.addresses]
        if i.link_type is not None:
            link = f"        {i.link_type}"
            if i.hwaddr is not None:
                link += f" {i.hwaddr}"
            if i.txqueuelen is not None:
                link += f"  txqueuelen {i.txqueuelen}"
            if i.encap is not None:
                link += f"  ({i.encap})"
            lines.append(link)
        for side in ("rx", "tx"):
            packets = getattr(i, f"{side}_packets")
            octets = getattr(i, f"{side}_bytes")
            if packets is not None and octets is not None:
                lines.append(f"        {side.upper()} packets {packets}  bytes {octets} "
                             f"({_human(octets, False)})")
            if side == "rx" and i.rx_errors is not None:
                lines.append(f"        RX errors {i.rx_errors}  dropped {i.rx_dropped or 0}  "
                             f"overruns {i.rx_overruns or 0}  frame {i.rx_frame or 0}")
            if side == "tx" and i.tx_errors is not None:
                lines.append(f"        TX errors {i.tx_errors}  dropped {i.tx_dropped or 0} "
                             f"overruns {i.tx_overruns or 0}  carrier {i.tx_carrier or 0}  "
                             f"collisions {i.collisions or 0}")
    indent = "          " if legacy else "        "
    lines += [indent + text for text in i.extra_lines]
    lines.append("")
    return lines


def _stat_lines(section: StatSection) -> list[str]:
    lines = [f"{section.name}:"]
    group: str | None = None
    for entry in section.entries:
        if entry.group != group:
            group = entry.group
            if group is not None:
                lines.append(f"    {group}:")
        indent = "        " if group is not None else "    "
        if entry.sentence is not None and entry.value is not None:
            body = entry.sentence.replace("{}", str(entry.value), 1)
        elif entry.value is not None:
            body = f"{entry.key}: {entry.value}"
        else:
            body = entry.key
        lines.append(indent + body)
    return lines


def _group_row(group: MulticastGroup) -> str:
    return f"{group.interface:<15} {group.refcnt:<6} {_text(group.group)}"


def _section_lines(section: NetstatSection, sample: NetstatSample, routes_done: set[int]) -> \
        list[str]:
    kind = section.kind
    lines: list[str] = []
    title = section.title
    if title is None and kind in ("route", "route6", "interfaces", "ifconfig", "groups"):
        title = _DEFAULT_TITLES[kind]
    if kind == "inet":
        if title is not None:
            lines.append(title)
        if section.title is not None or section.columns:
            lines.append(_inet_header(section))
        lines += [socket_row(s, section) for s in sample.sockets if s.unix is None]
    elif kind == "unix":
        if title is not None:
            lines.append(title)
        if section.title is not None or section.columns:
            lines.append(_unix_header(section))
        lines += [socket_row(s, section) for s in sample.sockets if s.unix is not None]
    elif kind in ("route", "route6"):
        family = "inet6" if kind == "route6" else "inet"
        lines.append(title or _DEFAULT_TITLES[kind])
        lines.append(_ROUTE6_HEADER if kind == "route6" else
                     _ROUTE_HEADERS.get(section.columns, _ROUTE_HEADERS[()]))
        for route in sample.routes:
            if route.family == family and id(route) not in routes_done:
                routes_done.add(id(route))
                lines.append(_route_row(route, section.columns))
    elif kind == "interfaces":
        lines.append(title or _DEFAULT_TITLES[kind])
        lines.append(_IFACE_HEADER_160 if section.legacy else _IFACE_HEADER)
        lines += [_iface_row(i, section.legacy) for i in sample.interfaces
                  if isinstance(i, NetstatInterface)]
    elif kind == "ifconfig":
        lines.append(title or _DEFAULT_TITLES[kind])
        for interface in sample.interfaces:
            if isinstance(interface, IfconfigInterface):
                lines += _ifconfig_block(interface, section.legacy)
    elif kind == "statistics":
        for stat in sample.statistics:
            lines += _stat_lines(stat)
    elif kind == "groups":
        lines.append(title or _DEFAULT_TITLES[kind])
        lines.append("Interface       RefCnt Group")
        lines.append("--------------- ------ ---------------------")
        lines += [_group_row(group) for group in sample.groups]
    return lines


def render_netstat(output: NetstatOutput) -> str:
    """Text of ``output`` in its own form."""
    lines: list[str] = []
    for sample in output.samples:
        routes_done: set[int] = set()
        for section in output.form.sections:
            lines += _section_lines(section, sample, routes_done)
    return "".join(line + "\n" for line in lines)

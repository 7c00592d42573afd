"""Render :class:`~netfacts.models.ipvs.IpvsadmOutput` as ``ipvsadm -L`` prints it.

The layout follows ipvsadm's ``printf`` formats (1.26 - 1.31, see
:mod:`netfacts.grammar.ipvsadm`): padded columns, trailing spaces on real-server lines,
counters right-aligned in nine characters.
"""

from __future__ import annotations

from netfacts.grammar import ipvsadm as g
from netfacts.models.ipvs import (
    IpvsadmOutput,
    IpvsConnection,
    IpvsCounters,
    IpvsRealServer,
    IpvsService,
    ListingMode,
)
from netfacts.models.values import IPAddress, ip_text

__all__ = ["endpoint_text", "render_ipvsadm"]


def endpoint_text(address: IPAddress | str | None, port: int | str | None) -> str:
    """``10.0.0.1:80``, ``[fd00::1]:80`` or ``host:http``."""
    if address is None:
        return f":{port}"
    if isinstance(address, str):
        return f"{address}:{port}"
    if address.version == 6:
        return f"[{ip_text(address)}]:{port}"
    return f"{ip_text(address)}:{port}"


def _number(text: str) -> str:
    return text.rjust(max(9, len(text) + 1))


def _counters(counters: IpvsCounters | None) -> str:
    if counters is None:
        return ""
    return "".join(_number(text) for text in counters.texts)


def _service_name(service: IpvsService) -> str:
    if service.fwmark is not None:
        return f"FWM  {service.fwmark}" + (" IPv6" if service.ipv6 else "")
    name = f"{service.protocol:<4} {endpoint_text(service.address, service.port)}"
    return name[:33] if service.family != 6 else name


def _service_line(service: IpvsService, mode: ListingMode) -> str:
    name = _service_name(service)
    if mode in (ListingMode.STATS, ListingMode.RATE):
        return f"{name:<33}{_counters(service.counters)}"
    parts = [name, service.scheduler or ""]
    if service.persistent is not None:
        parts.append(f"persistent {service.persistent}")
    if service.mask is not None:
        parts.append(f"mask {service.mask}")
    if service.pe is not None:
        parts.append(f"pe {service.pe}")
    if service.ops:
        parts.append("ops")
    parts.extend(service.flags)
    return " ".join(parts)


def _dest_line(server: IpvsRealServer, mode: ListingMode, tun_info: bool) -> str:
    name = endpoint_text(server.address, server.port)
    if not isinstance(server.address, str) or server.address is None:
        pass
    elif ":" not in name[:-1]:
        name = name[:28]
    head = f"  -> {name:<28}"
    if mode in (ListingMode.STATS, ListingMode.RATE):
        return head + _counters(server.counters)
    if mode is ListingMode.THRESHOLDS:
        return (f"{head} {server.upper_threshold or 0:<10} {server.lower_threshold or 0:<10} "
                f"{server.active_conns or 0:<10} {server.inactive_conns or 0:<10}")
    if mode is ListingMode.PERSISTENT_CONN:
        return (f"{head} {server.weight or 0:<9} {server.persistent_conns or 0:<11} "
                f"{server.active_conns or 0:<10} {server.inactive_conns or 0:<10}")
    forward = server.forward.value if server.forward is not None else ""
    tunnel = f" {server.tunnel_info or '':<13}" if tun_info else ""
    return (f"{head} {forward:<7}{tunnel} {server.weight or 0:<6} "
            f"{server.active_conns or 0:<10} {server.inactive_conns or 0:<10}")


def _titles(output: IpvsadmOutput) -> list[str]:
    mode = output.form.mode
    if mode is ListingMode.LIST:
        return [g.LIST_TITLE, g.DEST_TITLE_TUN if output.form.tun_info else g.DEST_TITLE]
    columns = g.COLUMNS.get(mode.value)
    if columns is None:
        return []
    head = "Prot LocalAddress:Port"
    if mode in (ListingMode.STATS, ListingMode.RATE):
        title = f"{head:<33}" + "".join(f" {c:>8}" for c in columns)
    elif mode is ListingMode.THRESHOLDS:
        title = f"{head:<33}" + "".join(f" {c:<10}" for c in columns)
    else:
        widths = (9, 11, 10, 10)
        title = f"{head:<33}" + "".join(f" {c:<{w}}" for c, w in zip(columns, widths,
                                                                        strict=True))
    return [title, "  -> RemoteAddress:Port"]


def _connection_line(connection: IpvsConnection, pe: bool) -> str:
    minutes, seconds = divmod(connection.expire, 60)
    expire = f"{minutes:02d}:{seconds:02d}"
    source = endpoint_text(*connection.source)
    virtual = endpoint_text(*connection.virtual)
    destination = endpoint_text(*connection.destination)
    line = (f"{connection.protocol:<3} {expire:<6} {connection.state:<11} {source:<18} "
            f"{virtual:<18} ")
    if pe:
        return line + f"{destination:<18} {connection.pe_name or '':<16} {connection.pe_data or ''}"
    return line + destination


def render_ipvsadm(output: IpvsadmOutput) -> str:
    """The listing in the mode the output came from."""
    lines: list[str] = list(output.messages)
    mode = output.form.mode
    if output.messages and not output.services and output.version is None:
        pass  # ipvsadm stopped after its error message
    elif mode is ListingMode.CONNECTION:
        lines.append(g.CONN_TITLE)
        if output.form.pe_columns:
            lines.append(f"pro expire {'state':<11} {'source':<18} {'virtual':<18} "
                         f"{'destination':<18} {'pe name':<16} pe_data")
        else:
            lines.append(f"pro expire {'state':<11} {'source':<18} {'virtual':<18} "
                         "destination")
        lines.extend(_connection_line(c, output.form.pe_columns) for c in output.connections)
    else:
        if output.version is not None:
            lines.append(f"IP Virtual Server version {output.version} (size={output.size})")
        if output.services or mode not in (ListingMode.TIMEOUT, ListingMode.DAEMON):
            lines.extend(_titles(output))
        for service in output.services:
            lines.append(_service_line(service, mode))
            lines.extend(_dest_line(server, mode, output.form.tun_info)
                         for server in service.real_servers)
    if output.timeout is not None:
        tcp, tcpfin, udp = output.timeout
        lines.append(f"Timeout (tcp tcpfin udp): {tcp} {tcpfin} {udp}")
    for daemon in output.daemons:
        options = ", ".join(f"{key}={value}" for key, value in daemon.options)
        lines.append(f"{daemon.state} sync daemon ({options})")
    return "".join(line + "\n" for line in lines)

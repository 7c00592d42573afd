"""Render ss output again in the form recorded in ``SsOutput.form`` (iproute2 6.x layout).

Column widths are computed from the content, as ss 4.15+ does; the extension fields are
printed in ss 6.x order, with ``skmem`` and TCP info on a TAB-indented continuation line
for Internet sockets.  Parsing the result gives back equal models.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from netfacts.grammar.ss import EXTENSION_KEYS
from netfacts.models.socket import Socket, SsExtensions
from netfacts.models.ss import SsOutput, SsSummary
from netfacts.models.values import ip_text

__all__ = ["format_timer_ms", "render_ss", "ss_endpoint_text"]


def format_timer_ms(ms: int | None) -> str:
    """ss's timer time text (iproute2 ``print_ms_timer``): ``119min``, ``1min5sec``,
    ``9.076ms`` for 9.076 s, ``200ms``; empty for None."""
    if ms is None or ms <= 0:
        return ""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    text = ""
    if minutes:
        millis = 0
        text = f"{minutes}min"
        if minutes > 9:
            seconds = 0
    if seconds:
        if seconds > 9:
            millis = 0
        text += f"{seconds}{'.' if millis else 'sec'}"
    if millis:
        text += f"{millis:03d}ms"
    return text


def _host(value: Any) -> str:
    if value is None:
        return "*"
    if isinstance(value, ipaddress.IPv6Address):
        return f"[{ip_text(value)}]"
    if isinstance(value, ipaddress.IPv4Address):
        return ip_text(value)
    return str(value)


def ss_endpoint_text(socket: Socket, peer: bool) -> str:
    """The Local or Peer column of a row."""
    unix = socket.unix
    if unix is not None:
        if peer:
            return f"{unix.peer_path or '*'} {unix.peer_inode or 0}"
        return f"{unix.path or '*'} {socket.inode or 0}"
    endpoint = socket.peer if peer else socket.local
    if endpoint is None:
        return "*"
    if socket.proto in ("nl", "p_raw", "p_dgr") and peer and endpoint.address is None \
            and endpoint.port is None:
        return "*"
    host = _host(endpoint.address)
    if endpoint.interface is not None:
        host += f"%{endpoint.interface}"
    port = "*" if endpoint.port is None else str(endpoint.port)
    return f"{host}:{port}"


def _process(socket: Socket) -> str:
    if not socket.processes:
        return ""
    items = ",".join(
        f'("{p.name}",pid={p.pid if p.pid is not None else 0},fd={p.fd if p.fd is not None else 0})'
        for p in socket.processes
    )
    return f"users:({items})"


def _ext_words(socket: Socket) -> tuple[list[str], list[str]]:
    """Words for the row, and words for the continuation line."""
    main: list[str] = []
    more: list[str] = []
    timer = socket.timer
    if timer is not None:
        main.append(f"timer:({timer.name},{format_timer_ms(timer.expires_ms)},"
                    f"{timer.retransmits})")
    ext: SsExtensions | None = socket.ss
    unix = socket.unix is not None
    for entry in EXTENSION_KEYS:
        if entry.unix is not None and entry.unix != unix:
            continue
        value = socket.inode if entry.field == "inode" else getattr(ext, entry.field, None)
        if value is not None:
            main.append(entry.show(value) if entry.keyword is None
                        else f"{entry.keyword}:{entry.show(value)}")
    if ext is None:
        return main, more
    if ext.peers is not None:
        main.append("peers:")
        main.extend(str(peer) for peer in ext.peers)
    main.extend(f"{key}={value}" for key, value in ext.netlink)
    target = main if unix or socket.proto == "nl" else more
    if ext.skmem is not None:
        target.append("skmem:(" + ",".join(f"{k}{v}" for k, v in ext.skmem) + ")")
    for key, value in ext.tcp_info:
        if value is None:
            target.append(key)
        elif key in ("send", "pacing_rate", "delivery_rate", "max_pacing_rate"):
            target.append(f"{key} {value}")
        else:
            target.append(f"{key}:{value}")
    target.extend(ext.extra)
    return main, more


def _summary(summary: SsSummary) -> list[str]:
    lines = [f"Total: {summary.total if summary.total is not None else 0}"
             + (f" (kernel {summary.kernel})" if summary.kernel is not None else "")]
    if summary.tcp_total is not None:
        pairs = ", ".join(f"{key} {value}" for key, value in summary.tcp)
        ports = f", ports {summary.ports}" if summary.ports is not None else ""
        lines.append(f"TCP:   {summary.tcp_total} ({pairs}){ports}")
    lines.append("")
    lines.append("Transport Total     IP        IPv6")
    for row in summary.transports:
        cells = ["-" if v is None else str(v) for v in (row.total, row.ip, row.ipv6)]
        lines.append(f"{row.name}\t  {cells[0]:<9} {cells[1]:<9} {cells[2]:<9}")
    lines.append("")
    return lines


def render_ss(output: SsOutput) -> str:
    """Text of ``output`` in its own form."""
    form = output.form
    lines: list[str] = []
    if output.summary is not None:
        lines += _summary(output.summary)
    if form.summary and not output.sockets:
        return "".join(line + "\n" for line in lines)
    rows = []
    for socket in output.sockets:
        main, more = _ext_words(socket)
        rows.append((
            socket.proto or "",
            socket.state.ss_word if socket.state is not None else "",
            str(socket.recv_q or 0),
            str(socket.send_q or 0),
            ss_endpoint_text(socket, False),
            ss_endpoint_text(socket, True),
            " ".join(filter(None, [_process(socket), *main])),
            " ".join(more),
        ))
    widths = [max([len(r[i]) for r in rows] + [minimum])
              for i, minimum in enumerate((5, 5, 6, 6, 18, 17))]
    if form.header:
        head = []
        if form.netid_column:
            head.append(f"{'Netid':<{widths[0]}}")
        if form.state_column:
            head.append(f"{'State':<{widths[1]}}")
        head.append(f"{'Recv-Q':<{widths[2]}} {'Send-Q':<{widths[3]}}")
        head.append(f"{'Local Address:Port':>{widths[4]}} {'Peer Address:Port':>{widths[5]}}")
        if form.process_header:
            head.append("Process")
        lines.append(" ".join(head))
    for row in rows:
        cells = []
        if form.netid_column:
            cells.append(f"{row[0]:<{widths[0]}}")
        if form.state_column:
            cells.append(f"{row[1]:<{widths[1]}}")
        cells.append(f"{row[2]:<{widths[2]}} {row[3]:<{widths[3]}}")
        cells.append(f"{row[4]:>{widths[4]}} {row[5]:>{widths[5]}}")
        if row[6]:
            cells.append(row[6])
        lines.append(" ".join(cells))
        if row[7]:
            lines.append("\t " + row[7])
    return "".join(line + "\n" for line in lines)

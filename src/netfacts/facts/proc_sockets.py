"""Sockets with their programs from ``/proc/net`` and ``lsof``, for reports without netstat/ss.

A sosreport always has ``proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw``, ``raw6`` and
``unix``, and usually ``lsof`` (``sos_commands/process/lsof_*``) and ``ps auxwww``, even when
it has neither ``netstat`` nor ``ss``.  :func:`sockets_from_proc` joins them the way netstat
does on a live host — the socket tables give every socket, its inode names the process
that holds it (lsof lists ``socket:[inode]`` per file descriptor) — and returns the
:class:`~netfacts.models.socket.Socket` records ``netstat -neopa`` would print:

* proto, state, queues, addresses and ports, user (the uid as text, as ``netstat -e -n``),
  inode and timer from the kernel's line (port 0 is ``*``, None, as netstat prints it);
* ``processes``: one :class:`~netfacts.models.socket.SocketProcess` per process holding the
  inode (pid and descriptor from lsof, several when a socket is shared); none for sockets
  without a file (timewait and request lines, connections not yet accepted) or without an
  lsof row.  The name follows netstat's rule — argv[0] of the command line (its base name
  when it is a path) — when ``commands`` (``ps`` command lines by pid) know the pid; else
  it is lsof's COMMAND, the first 9 characters of the process name (escapes such as
  ``\\x20`` undone), marked ``truncated`` when lsof printed all 9.

Nothing here reads files: callers pass parsed outputs (``commands``: the parsed ``ps``
listing, or a pid → command line mapping, see :func:`ps_commands`).

Example::

    >>> from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
    >>> from netfacts.parsers.lsof import parse_lsof
    >>> tcp = parse_proc_net_tcp(
    ...     "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
    ...     "   uid  timeout inode\\n"
    ...     "   0: 00000000:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
    ...     "     0        0 805829 1 0000000057697c9e 100 0 0 10 0\\n")
    >>> lsof = parse_lsof(
    ...     "COMMAND     PID     USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\\n"
    ...     "kube-apis 13630        0    3u  IPv4 805829      0t0  TCP *:6443 (LISTEN)\\n")
    >>> [s] = sockets_from_proc([tcp], lsof=lsof,
    ...                         commands={13630: "/usr/bin/kube-apiserver --secure-port=6443"})
    >>> s.local_port, s.state.value, s.program, s.pid
    (6443, 'LISTEN', 'kube-apiserver', 13630)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from netfacts.models.lsof import LsofOutput, LsofSocket
from netfacts.models.proc_net_sockets import ProcNetTcpOutput, ProcNetUnixOutput
from netfacts.models.process import PsOutput
from netfacts.models.socket import Socket, SocketProcess

__all__ = ["LSOF_COMMAND_WIDTH", "program_name", "ps_commands", "sockets_from_proc"]

LSOF_COMMAND_WIDTH = 9
"""lsof prints the first 9 characters of a process name unless run with ``+c``."""

NETSTAT_PROGRAM_WIDTH = 19
"""net-tools 2.10 prints ``PID/argv[0]`` cut to 19 characters."""

def ps_commands(ps: PsOutput | str) -> dict[int, str]:
    """pid → command line, from a ``ps`` listing (``ps auxwww``, ``ps -ef``; parsed by the
    :mod:`ps family <netfacts.parsers.ps>`, or its text)."""
    if isinstance(ps, str):
        from netfacts.parsers.ps import parse_ps

        ps = parse_ps(ps)
    return {process.pid: process.command for process in ps.processes}


def program_name(row: LsofSocket, commands: Mapping[int, str] | None = None) -> tuple[str, bool]:
    """The name netstat shows for the process of an lsof row, and whether it may be cut.

    From the command line when ``commands`` has the pid (argv[0], its base name when it is
    an absolute path: netstat 2.10's rule; a setproctitle title ``name: ...`` as netstat
    shows it, its cut word completed; a kernel thread's ``[name]`` does not count),
    else lsof's COMMAND (cut at 9 characters, escapes undone).
    """
    command = commands.get(row.pid) if commands is not None else None
    if command and not (command.startswith("[") and command.endswith("]")):
        argv0 = command.split(" ", 1)[0]
        if argv0.endswith(":"):
            # a setproctitle title ("sshd: /usr/sbin/sshd -D ...", "nginx: master process")
            # is one argv[0] with blanks: netstat cuts 'PID/title' at 19 characters, and a
            # snapshot completes the cut word from ps, so the same is done here
            shown = command[:NETSTAT_PROGRAM_WIDTH - len(f"{row.pid}/")]
            rest = command[len(shown):]
            argv0 = shown + rest.split(" ", 1)[0] if not shown.endswith(" ") else shown
            return argv0.rstrip(), False
        if argv0.startswith("/"):
            argv0 = argv0.rsplit("/", 1)[-1]
        if argv0:
            return argv0, False
    return row.process_name, len(row.command) >= LSOF_COMMAND_WIDTH


def sockets_from_proc(
    tables: Iterable[ProcNetTcpOutput | ProcNetUnixOutput],
    *,
    lsof: LsofOutput | None = None,
    commands: Mapping[int, str] | PsOutput | None = None,
) -> tuple[Socket, ...]:
    """The sockets of the ``/proc/net`` tables, in their order, with their processes.

    ``tables``: parsed ``/proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw``, ``raw6``
    (:class:`~netfacts.models.proc_net_sockets.ProcNetTcpOutput`) and ``unix``
    (:class:`~netfacts.models.proc_net_sockets.ProcNetUnixOutput`) of one network
    namespace; ``lsof``: the same host's lsof (any sos form; sockets of other namespaces
    join the tables read inside those namespaces); ``commands``: pid → command line, or the
    parsed ``ps`` listing.
    """
    if isinstance(commands, PsOutput):
        commands = ps_commands(commands)
    holders = lsof.by_inode() if lsof is not None else {}
    names: dict[int, tuple[str, bool]] = {}
    sockets: list[Socket] = []
    for table in tables:
        for record in table.sockets:
            socket = record.to_socket()
            rows = holders.get(record.inode) if record.inode else None
            if rows:
                processes = []
                for row in rows:
                    name = names.get(row.pid)
                    if name is None:
                        name = names[row.pid] = program_name(row, commands)
                    processes.append(SocketProcess(name=name[0], pid=row.pid,
                                                   fd=row.fd_number, truncated=name[1]))
                socket = socket.replace(processes=tuple(processes))
            sockets.append(socket)
    return tuple(sockets)

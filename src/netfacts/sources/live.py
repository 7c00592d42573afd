"""The live host: run the commands a sosreport would run, without root.

Each output is stored under the path sos would give it, so a live snapshot is built
exactly like a sosreport's.  Commands are looked up on ``PATH``; each runs in its own
process group, which is killed as a whole when the command takes too long.  A command
that is missing or not allowed becomes a diagnostic; nothing else happens to the host.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

from netfacts.errors import Severity
from netfacts.sources.base import Report, SourceFile

__all__ = ["COMMANDS", "read_live"]

COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sos_commands/networking/ip_-d_address", ("ip", "-d", "address")),
    ("sos_commands/networking/ip_-s_-d_link", ("ip", "-s", "-d", "link")),
    ("sos_commands/networking/ip_route_show_table_all", ("ip", "route", "show", "table", "all")),
    ("sos_commands/networking/ip_-6_route_show_table_all",
     ("ip", "-6", "route", "show", "table", "all")),
    ("sos_commands/networking/ip_-4_rule_list", ("ip", "-4", "rule", "list")),
    ("sos_commands/networking/ip_-6_rule_list", ("ip", "-6", "rule", "list")),
    ("sos_commands/networking/ip_-s_-s_neigh_show", ("ip", "-s", "-s", "neigh", "show")),
    ("sos_commands/networking/ip_neigh_show_nud_noarp", ("ip", "neigh", "show", "nud", "noarp")),
    ("sos_commands/networking/netstat_-W_-neopa", ("netstat", "-W", "-neopa")),
    ("sos_commands/networking/ss_-peaonmi", ("ss", "-peaonmi")),
    ("sos_commands/networking/ip_netns", ("ip", "netns")),
    ("sos_commands/kernel/sysctl_-a", ("sysctl", "-a")),
    ("sos_commands/process/ps_auxwww", ("ps", "auxwww")),
)
"""(sos path, command) for everything a live snapshot runs."""

_FILES = (
    ("proc/net/arp", "/proc/net/arp"),
    ("proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv4/ip_forward"),
    ("etc/hosts", "/etc/hosts"),
)


def read_live(timeout: float = 20.0) -> Report:
    """Run the commands on this host and read the ``/proc`` files."""
    report = Report(name=socket.gethostname(), origin="live", layout="sos")
    report.files["sos_commands/host/hostname"] = SourceFile(
        "sos_commands/host/hostname", (socket.gethostname() + "\n").encode(), "live:hostname"
    )
    for path, argv in COMMANDS:
        executable = shutil.which(argv[0])
        if executable is None:
            report.note(f"{argv[0]} is not installed here; {' '.join(argv)} skipped",
                        severity=Severity.INFO, source="live")
            continue
        try:
            returncode, stdout, stderr = _run([executable, *argv[1:]], timeout)
        except OSError as exc:
            report.note(f"{' '.join(argv)} failed: {exc.strerror or exc}", source="live",
                        incomplete=True)
            continue
        except subprocess.TimeoutExpired:
            report.note(f"{' '.join(argv)} did not finish in {timeout:g} seconds; stopped "
                        "(with everything it started)", source="live", incomplete=True)
            continue
        if returncode != 0 and not stdout:
            message = stderr.decode(errors="replace").strip().splitlines()
            report.note(f"{' '.join(argv)} exited {returncode}"
                        + (f": {message[0]}" if message else ""), source="live")
            continue
        report.files[path] = SourceFile(path, stdout, f"live:{' '.join(argv)}",
                                        command=" ".join(argv))
    for path, real in _FILES:
        try:
            report.files[path] = SourceFile(path, Path(real).read_bytes(), real)
        except OSError as exc:
            report.note(f"cannot read {real}: {exc.strerror or exc}", source="live")
    return report


def _run(argv: list[str], timeout: float) -> tuple[int, bytes, bytes]:
    """Run a command in its own process group; on time-out the whole group is killed
    (a tool's helpers too, not only the tool), then ``TimeoutExpired`` is raised."""
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        try:
            process.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a helper left the group and holds the pipes
            for pipe in (process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()
            process.wait()
        raise
    return process.returncode, stdout, stderr

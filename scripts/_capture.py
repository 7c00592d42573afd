"""What the capture scripts share: commands, namespaces, processes, cgroups, tools, files.

Standard library only (the scripts run on a bare machine as root); Python 3.10+.

* :func:`run` runs a command with a fixed environment and raises :class:`SetupError`
  on failure; :func:`in_netns` prefixes ``ip netns exec NS``.
* :class:`Namespaces` creates network namespaces and removes them again, ending every
  process still inside them (they were started by the capture).
* :func:`start` handles ``--cleanup`` and the preflight (exit 77 when the capture cannot
  run here), :func:`run_steps` runs the steps and always tears down;
  :func:`wait_ready` waits for the stand-in daemons' reports.
* :func:`stop` ends the processes a script started; :func:`cgroup2_base` and
  :func:`remove_cgroups` handle the private cgroup tree some captures put daemons in.
* :func:`ensure_tools` ``apt-get install``\\ s the packages of missing commands.
* For the stand-in daemons: :func:`set_comm`, :func:`write_json` (atomically),
  :func:`address_family` and :func:`retry` (until an address or a peer is ready).
* :func:`mangle` is sosreport's command → file name rule; :func:`tool_versions`,
  :func:`read_json` and :func:`write_manifest` write and read what a capture leaves.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

__all__ = [
    "ENV",
    "PYTHON",
    "Json",
    "Namespaces",
    "SetupError",
    "Skip",
    "address_family",
    "cgroup2_base",
    "ensure_tools",
    "existing_netns",
    "in_netns",
    "interrupt_on_signals",
    "kill_netns_pids",
    "logger",
    "mangle",
    "read_json",
    "remove_cgroups",
    "retry",
    "run",
    "run_steps",
    "set_comm",
    "start",
    "stop",
    "tool_versions",
    "wait_ready",
    "write_json",
    "write_manifest",
]

ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C",
    "LC_ALL": "C",
    "HOME": "/root",
    "TERM": "dumb",
}
"""The environment of every command (C locale: the captures must not depend on ours)."""
PYTHON = os.path.realpath(sys.executable)
Json = dict[str, Any]
"""A JSON object (topologies, daemon specs and reports of the capture scripts)."""

Log = Callable[[str], None]


class SetupError(RuntimeError):
    """A command the capture needs failed."""


class Skip(Exception):
    """The capture cannot run here (not root, a tool or ``ip netns`` missing): exit 77."""


def logger(tag: str) -> Log:
    """``log(message)`` printing ``[tag] message`` on stderr."""

    def log(message: str) -> None:
        print(f"[{tag}] {message}", file=sys.stderr, flush=True)

    return log


def mangle(command: str | Sequence[str]) -> str:
    """sosreport's command → file name rule: drop a leading /bin/, /sbin/, /usr/bin/ or
    /usr/sbin/; runs of characters other than letters, digits and ``_-./`` become ``_``;
    ``/`` becomes ``.``; `` ._-`` stripped at both ends."""
    name = command if isinstance(command, str) else " ".join(command)
    name = re.sub(r"^/(usr/)?s?bin/", "", name)
    name = re.sub(r"[^\w\-./]+", "_", name)
    return name.replace("/", ".").strip(" ._-")[:255]


def run(argv: Sequence[str], *, check: bool = True, timeout: float = 30,
        stdin: bytes | None = None, merge: bool = False, env: Mapping[str, str] | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` in :data:`ENV` (plus ``env``), output captured (stderr into stdout with
    ``merge``); a non-zero exit raises :class:`SetupError` when ``check``."""
    done = subprocess.run(list(argv), input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merge else subprocess.PIPE,
                          env={**ENV, **(env or {})}, timeout=timeout, check=False)
    if check and done.returncode != 0:
        error = (done.stderr or done.stdout or b"").decode(errors="replace").strip()
        raise SetupError(f"{shlex.join(argv)} -> {done.returncode}: {error}")
    return done


def in_netns(ns: str, argv: Sequence[str]) -> list[str]:
    """``argv`` run inside network namespace ``ns``."""
    return ["ip", "netns", "exec", ns, *argv]


class Namespaces:
    """Network namespaces created by a capture, removed again by :meth:`remove_all`."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.created: list[str] = []

    def add(self, ns: str, *, lo_up: bool = False) -> None:
        run(["ip", "netns", "add", ns])
        self.created.append(ns)
        if lo_up:
            run(["ip", "-n", ns, "link", "set", "lo", "up"])

    def adopt(self, names: Iterable[str]) -> None:
        """Take over existing namespaces (what an earlier run left) for removal."""
        existing = set(existing_netns())
        self.created.extend(ns for ns in names if ns in existing and ns not in self.created)

    def remove_all(self) -> None:
        """End every process still inside a namespace (all were started by this capture),
        then delete the namespaces, newest first."""
        for ns in self.created:
            kill_netns_pids(ns)
        for ns in reversed(self.created):
            done = run(["ip", "netns", "del", ns], check=False)
            if done.returncode != 0:
                self.log(f"could not delete namespace {ns}: "
                         f"{done.stderr.decode(errors='replace').strip()}")
        self.created.clear()


def existing_netns(prefix: str = "") -> list[str]:
    """Names of the network namespaces (those starting with ``prefix``)."""
    done = run(["ip", "netns", "list"], check=False)
    names = [line.split()[0] for line in done.stdout.decode(errors="replace").splitlines()
             if line.split()]
    return [name for name in names if name.startswith(prefix)]


def kill_netns_pids(ns: str) -> None:
    """SIGKILL every process inside namespace ``ns``."""
    done = run(["ip", "netns", "pids", ns], check=False)
    for pid in done.stdout.decode(errors="replace").split():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGKILL)


def stop(processes: Iterable[subprocess.Popen[bytes]], *, grace: float = 3) -> None:
    """SIGTERM each process still running, SIGKILL after ``grace`` seconds; reap all."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)


def cgroup2_base(slice_name: str) -> Path | None:
    """``<writable cgroup2 mount>/<slice_name>`` (not created), or None without cgroup2."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return None
    for line in mounts:
        fields = line.split()
        if len(fields) > 2 and fields[2] == "cgroup2" and os.access(fields[1], os.W_OK):
            return Path(fields[1]) / slice_name
    return None


def remove_cgroups(dirs: Iterable[Path], log: Log) -> None:
    """Remove cgroup directories, deepest first (waiting for exiting tasks a moment)."""
    for directory in sorted(set(dirs), key=lambda path: len(path.parts), reverse=True):
        for _ in range(60):
            try:
                directory.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.05)
        else:
            log(f"could not remove cgroup {directory}")


class Session(Protocol):
    """What :func:`start` needs of a capture."""

    def preflight(self) -> None: ...
    def adopt_leftovers(self) -> None: ...
    def teardown(self) -> None: ...


def start(session: Session, tool: str, *, cleanup: bool) -> int | None:
    """``--cleanup`` (remove what an earlier ``--keep`` run left) or the preflight; the exit
    status when the script stops here (0 cleaned up, 77 cannot run here, 1 setup failed),
    else None, with SIGTERM/SIGHUP/SIGINT raising ``KeyboardInterrupt`` from now on so that
    the caller's ``finally`` tears down."""
    if cleanup:
        if os.geteuid() != 0:
            print(f"{tool}: skipped: needs root", file=sys.stderr)
            return 77
        session.adopt_leftovers()
        session.teardown()
        return 0
    try:
        session.preflight()
    except Skip as exc:
        print(f"{tool}: skipped: {exc}", file=sys.stderr)
        return 77
    except SetupError as exc:
        print(f"{tool}: {exc}", file=sys.stderr)
        return 1
    interrupt_on_signals()
    return None


def run_steps(tool: str, log: Log, steps: Sequence[Callable[[], None]], *,
              teardown: Callable[[], None], keep: Callable[[], None] | None = None) -> int:
    """Run the steps of a capture (after :func:`start`), logging how long each took; tear
    down at the end, also on failure or interruption, unless ``keep`` is given and all went
    well (``keep`` then says what was left).  The exit status: 0, 1 (setup failed) or 130."""
    began = time.monotonic()
    status = 0
    try:
        for step in steps:
            started = time.monotonic()
            step()
            log(f"{getattr(step, '__name__', 'step')}: {time.monotonic() - started:.1f}s")
        log(f"done in {time.monotonic() - began:.1f}s")
    except SetupError as exc:
        print(f"{tool}: setup failed: {exc}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print(f"{tool}: interrupted", file=sys.stderr)
        status = 130
    finally:
        if keep is not None and status == 0:
            keep()
        else:
            teardown()
    return status


def interrupt_on_signals() -> None:
    """SIGTERM and SIGHUP raise ``KeyboardInterrupt`` (so that ``finally`` runs), and so
    does SIGINT even when the script was started with it ignored."""

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def wait_ready(daemons: Sequence[Json], *, label: str, log_of: Callable[[Json], Path],
               timeout: float, tail: int = 400) -> list[tuple[Json, Json]]:
    """Wait until the report (``report_path``) of every started stand-in daemon (``popen``)
    says ``ready``; ``(daemon, report)`` pairs in the order they became ready.  A daemon
    that reports an error or exits raises :class:`SetupError` (with the end of its log)."""
    deadline = time.monotonic() + timeout
    pending = list(daemons)
    ready: list[tuple[Json, Json]] = []
    while pending:
        for daemon in list(pending):
            report = read_json(daemon["report_path"])
            if report and report.get("error"):
                raise SetupError(f"daemon {daemon[label]}: {report['error']}")
            if report and report.get("ready"):
                ready.append((daemon, report))
                pending.remove(daemon)
            elif daemon["popen"].poll() is not None:
                text = log_of(daemon).read_text(errors="replace")[-tail:]
                raise SetupError(f"daemon {daemon[label]} exited "
                                 f"{daemon['popen'].returncode}: {text}")
        if time.monotonic() > deadline:
            raise SetupError(f"daemons not ready: {[daemon[label] for daemon in pending]}")
        time.sleep(0.05)
    return ready


def ensure_tools(packages: Mapping[str, str], log: Log, *, wait: float = 120) -> list[str]:
    """``apt-get install`` the package of each command in ``packages`` (command →
    Debian package) that is not on the PATH, retrying while another apt-get holds the
    lock; returns the commands still missing."""
    missing = {command: package for command, package in packages.items()
               if shutil.which(command, path=ENV["PATH"]) is None}
    if missing and shutil.which("apt-get", path=ENV["PATH"]) is not None:
        wanted = sorted(set(missing.values()))
        log(f"installing {' '.join(wanted)}")
        deadline = time.monotonic() + wait
        while True:
            done = run(["apt-get", "install", "-y", "-q", *wanted], check=False, timeout=600,
                       env={"DEBIAN_FRONTEND": "noninteractive"})
            locked = b"lock" in done.stderr and done.returncode != 0
            if not locked or time.monotonic() > deadline:
                break
            time.sleep(5)
    return [command for command in missing if shutil.which(command, path=ENV["PATH"]) is None]


def read_json(path: Path) -> Any:
    """The JSON document in ``path``, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def tool_versions(argvs: Iterable[Sequence[str]], *, first_line: bool = False
                  ) -> dict[str, str]:
    """``{command line: what it printed}`` for version commands (``ip -V``...); the
    running Python is listed as ``python3 -V``."""
    versions: dict[str, str] = {}
    for argv in argvs:
        key = "python3 -V" if argv[0] == PYTHON else shlex.join(argv)
        try:
            done = subprocess.run(list(argv), capture_output=True, env=ENV, timeout=10,
                                  check=False)
        except OSError as exc:
            versions[key] = f"unavailable: {exc}"
            continue
        text = (done.stdout + done.stderr).decode(errors="replace").strip()
        versions[key] = (text.splitlines()[0] if text else "") if first_line else text
    return versions


def write_manifest(path: Path, rows: Iterable[Sequence[str]]) -> None:
    """``MANIFEST.tsv``: family, file, namespace, command, exit status (tabs and newlines
    inside a value become spaces)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("family\tfile\tnamespace\tcommand\texit_status\n")
        for row in rows:
            handle.write("\t".join(value.replace("\t", " ").replace("\n", " ")
                                   for value in row) + "\n")


# ---------------------------------------------------------------- for the stand-in daemons

T = TypeVar("T")
PR_SET_NAME = 15
NOT_READY = frozenset({errno.EADDRNOTAVAIL, errno.ECONNREFUSED})
"""Errors of an address still in DAD or a peer not listening yet."""


def set_comm(name: str) -> None:
    """Set this process's ``comm`` (``/proc/self/comm``, 15 bytes at most)."""
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(name.encode()[:15])
    if libc.prctl(PR_SET_NAME, buffer, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NAME)")


def write_json(path: str, data: Any) -> None:
    """Replace ``path`` atomically by ``data`` as JSON (indent 1, keys sorted)."""
    temporary = f"{path}.tmp.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, indent=1, sort_keys=True))
    os.replace(temporary, path)


def address_family(version: int | str) -> socket.AddressFamily:
    """``AF_INET6`` for 6, else ``AF_INET``."""
    return socket.AF_INET6 if int(version) == 6 else socket.AF_INET


def retry(function: Callable[[], T], what: str, *, timeout: float = 8.0,
          errors: frozenset[int] = NOT_READY, pause: float = 0.05) -> T:
    """``function()``, again after ``pause`` seconds while it fails with one of ``errors``
    (for ``timeout`` seconds); then the error, named ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return function()
        except OSError as exc:
            if exc.errno not in errors or time.monotonic() > deadline:
                raise OSError(exc.errno, f"{what}: {exc.strerror}") from exc
            time.sleep(pause)

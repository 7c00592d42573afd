"""A process of a ``ps`` listing, and the parse result of one listing.

``ps auxwww`` is what sosreports hold (``sos_commands/process/ps_auxwww``); ``ps -ef`` is
what people paste.  Snapshots use the command lines to name the programs behind sockets:
``netstat -p`` cuts names to 15 characters, and a program started through a wrapper
(``/usr/bin/hyperkube kubelet ...``, ``/bin/sh -c kubelet ...``) shows the wrapper's name.
"""

from __future__ import annotations

import math
import posixpath
from typing import ClassVar, Literal

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output

__all__ = ["Process", "PsForm", "PsLayout", "PsOutput", "program_names"]

PsLayout = Literal["aux", "ef"]

_WRAPPERS = frozenset({
    "sh", "bash", "dash", "env", "nohup", "sudo", "exec", "nice", "ionice", "chrt", "taskset",
    "runuser", "su", "setsid", "timeout", "stdbuf", "tini", "dumb-init", "catatonit",
    "conmon", "python", "python3", "python2",
})
"""Programs that start another program named later on their command line."""

_MULTICALL = frozenset({"hyperkube", "k3s", "k0s", "microk8s", "kubelite", "rke2"})
"""Single binaries that run a Kubernetes component named by their first argument
(``hyperkube kubelet``, ``k3s server``)."""


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative int, got {value!r}")


def _optional_non_negative(instance: object, attribute: attrs.Attribute[int | None],
                           value: int | None) -> None:
    if value is not None:
        _non_negative(instance, attribute, value)  # type: ignore[arg-type]


def _optional_percent(instance: object, attribute: attrs.Attribute[float | None],
                      value: float | None) -> None:
    if value is not None and (not isinstance(value, (int, float)) or value < 0
                              or not math.isfinite(value)):
        raise ValueError(f"{attribute.name} must be a finite non-negative number, got {value!r}")


def program_names(command: str) -> tuple[str, ...]:
    """The program names a command line stands for, most specific last.

    ``/usr/bin/kubelet --config x`` → ``("kubelet",)``;
    ``/usr/bin/hyperkube kubelet --v=2`` → ``("hyperkube", "kubelet")``;
    ``/bin/sh -c exec /usr/local/bin/etcd --name a`` → ``("sh", "etcd")``;
    ``[kworker/0:1]`` → ``("kworker/0:1",)``.
    """
    words = command.split()
    if not words:
        return ()
    if command.startswith("[") and command.rstrip().endswith("]"):
        return (command.strip()[1:-1],)
    names: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        name = posixpath.basename(word.rstrip(":"))
        names.append(name)
        index += 1
        if name in _MULTICALL and index < len(words) and not words[index].startswith("-"):
            names.append(words[index])
            break
        if name not in _WRAPPERS and not name.startswith("python"):
            break
        # skip the wrapper's options (and sh -c's own word) up to the next program word
        while index < len(words) and (words[index].startswith("-") or "=" in words[index]
                                      or words[index] == "exec"):
            index += 1
    return tuple(dict.fromkeys(names))


@checked
@attrs.frozen(kw_only=True)
class Process:
    """One line of a ``ps`` listing.

    Fields follow ``ps aux``'s columns; ``ps -ef`` fills ``ppid`` and leaves ``cpu_percent``,
    ``mem_percent``, ``vsz``, ``rss`` and ``stat`` empty.  ``start`` and ``time`` are kept
    as printed (``Nov26``, ``10:21``, ``2025``; ``0:12``, ``1-02:03:04``).
    """

    user: str
    """User name, cut by ps to 7 characters and ``+`` when longer; a uid when it has none."""
    pid: int = attrs.field(validator=_non_negative)
    command: str = ""
    """The whole command line as printed (``[kthreadd]`` for a kernel thread)."""
    ppid: int | None = attrs.field(default=None, validator=_optional_non_negative)
    cpu_percent: float | None = attrs.field(default=None, validator=_optional_percent)
    mem_percent: float | None = attrs.field(default=None, validator=_optional_percent)
    vsz: int | None = attrs.field(default=None, validator=_optional_non_negative)
    """Virtual memory size, KiB."""
    rss: int | None = attrs.field(default=None, validator=_optional_non_negative)
    """Resident set size, KiB."""
    tty: str | None = None
    """``?`` when the process has no terminal."""
    stat: str | None = None
    start: str | None = None
    time: str | None = None

    @property
    def program(self) -> str:
        """The name of the program: the base name of the first word of the command line
        (``kubelet`` for ``/usr/bin/kubelet --config ...``)."""
        names = program_names(self.command)
        return names[0] if names else ""

    @property
    def programs(self) -> tuple[str, ...]:
        """Every program name the command line stands for (see :func:`program_names`):
        ``("hyperkube", "kubelet")`` for ``/usr/bin/hyperkube kubelet ...``."""
        return program_names(self.command)

    @property
    def is_kernel_thread(self) -> bool:
        """``[kthreadd]``-style entries."""
        return self.command.startswith("[") and self.command.rstrip().endswith("]")

    def __str__(self) -> str:
        return f"{self.pid} {self.command}"


@checked
@attrs.frozen(kw_only=True)
class PsForm:
    """Which ``ps`` layout the listing has."""

    layout: PsLayout = "aux"
    """``"aux"`` (``ps aux``, ``auxww``, ``auxwww``, ``auxcww``) or ``"ef"`` (``ps -ef``)."""
    header: bool = True
    """The listing starts with the column header line."""


@checked
@attrs.frozen(kw_only=True)
class PsOutput(Output):
    """A ``ps`` listing: one :class:`Process` per line."""

    kind: ClassVar[str] = "ps"
    processes: tuple[Process, ...] = ()
    form: PsForm = PsForm()

    def by_pid(self) -> dict[int, Process]:
        """The processes by pid."""
        return {process.pid: process for process in self.processes}

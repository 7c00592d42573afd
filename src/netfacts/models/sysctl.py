"""Kernel parameters as ``sysctl`` prints them, or as one ``/proc/sys/...`` file holds one.

A :class:`Sysctl` is a key (``net.ipv4.ip_forward``) and the value text.  Keys use
``sysctl``'s spelling: the path below ``/proc/sys`` with ``/`` as ``.``, and a ``.`` inside
a path component (an interface name such as ``eth0.100``) as ``/``
(``net.ipv4.conf.eth0/100.forwarding``).
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output
from netfacts.models.values import is_decimal

__all__ = ["Sysctl", "SysctlForm", "SysctlOutput", "key_from_path", "path_from_key"]


def key_from_path(path: str) -> str | None:
    """``/proc/sys/net/ipv4/conf/eth0.100/forwarding`` → ``net.ipv4.conf.eth0/100.forwarding``.

    Accepts sosreport-relative paths (``proc/sys/net/ipv4/ip_forward``) and Windows
    separators; None when ``path`` is not below ``proc/sys/``.
    """
    normalised = path.replace("\\", "/")
    marker = "proc/sys/"
    position = normalised.rfind(marker)
    if position == -1 or (position > 0 and normalised[position - 1] != "/"):
        return None
    rest = normalised[position + len(marker):].strip("/")
    if not rest:
        return None
    return ".".join(part.replace(".", "/") for part in rest.split("/") if part)


def path_from_key(key: str) -> str:
    """``net.ipv4.conf.eth0/100.forwarding`` → ``/proc/sys/net/ipv4/conf/eth0.100/forwarding``."""
    return "/proc/sys/" + "/".join(part.replace("/", ".") for part in key.split("."))


@checked
@attrs.frozen(kw_only=True)
class Sysctl:
    """One kernel parameter."""

    key: str
    value: int | str
    """An ``int`` when the value is one decimal integer written the way Python writes it
    (``1``, ``-1``; not ``007``); otherwise the text as printed, tabs included
    (``"4096\\t131072\\t6291456"``, ``"reno cubic"``, ``""``)."""

    def __str__(self) -> str:
        """The ``sysctl`` line: ``net.ipv4.ip_forward = 1``."""
        return f"{self.key} = {self.value}"

    @property
    def path(self) -> str:
        """The ``/proc/sys`` file that holds the value."""
        return path_from_key(self.key)

    @property
    def text(self) -> str:
        """The value as printed."""
        return str(self.value)

    @property
    def values(self) -> tuple[int | str, ...]:
        """Whitespace-separated parts, integers converted (``(4096, 131072, 6291456)``)."""
        return tuple(_number(part) for part in str(self.value).split())


def _number(text: str) -> int | str:
    body = text[1:] if text[:1] == "-" else text
    return int(text) if is_decimal(body) else text


@checked
@attrs.frozen(kw_only=True)
class SysctlForm:
    """Where the values came from."""

    style: str = "sysctl"
    """``"sysctl"`` (``key = value`` lines: ``sysctl -a``, ``sysctl KEY``) or ``"file"`` (the
    content of one ``/proc/sys/...`` file: the value alone, the key from the file name)."""


@checked
@attrs.frozen(kw_only=True)
class SysctlOutput(Output):
    """``sysctl`` output or one ``/proc/sys`` file."""

    kind: ClassVar[str] = "sysctl"
    entries: tuple[Sysctl, ...] = ()
    form: SysctlForm = SysctlForm()

    def get(self, key: str) -> Sysctl | None:
        """The entry for ``key`` (``net.ipv4.ip_forward`` or its ``/proc/sys`` path)."""
        wanted = key_from_path(key) or key
        for entry in reversed(self.entries):
            if entry.key == wanted:
                return entry
        return None

    def as_dict(self) -> dict[str, int | str]:
        """``{key: value}``; a key printed twice keeps its last value."""
        return {entry.key: entry.value for entry in self.entries}

    @property
    def ip_forward(self) -> bool | None:
        """``net.ipv4.ip_forward`` as a boolean, None when the output does not show it."""
        entry = self.get("net.ipv4.ip_forward")
        if entry is None:
            return None
        return entry.value == 1

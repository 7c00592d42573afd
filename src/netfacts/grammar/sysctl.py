r"""Grammar of ``sysctl`` output (procps-ng, busybox) and of single ``/proc/sys`` files.

::

    output  := { setting }                                    ; sysctl -a, sysctl KEY...
    setting := key [ SP ] "=" [ SP ] [ value ]                ; also sysctl.conf's key=value
    key     := word { "." word }                              ; "." inside a name is "/"
    value   := text                                           ; tabs kept: "4096\t16384\t4194304"
    file    := value                                          ; cat /proc/sys/net/ipv4/ip_forward

``sysctl -a`` prints ``"%s = %s\n"`` per key; a value can be empty
(``net.ipv4.ip_local_reserved_ports = ``) or hold several tab-separated numbers.  Keys it
cannot read produce ``sysctl: permission denied on key '...'`` or ``sysctl: cannot stat
...`` (procps-ng) and ``error: permission denied on key ...`` (procps 3.2) on stderr, and
``sysctl --system`` announces each file with ``* Applying /etc/sysctl.d/...``: those lines
are skipped with a warning.  A ``/proc/sys`` file holds only the value; the key comes from
its path (``proc/sys/net/ipv4/ip_forward`` → ``net.ipv4.ip_forward``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import sp
from netfacts.grammar._compiled_sysctl import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["SHAPES", "build_shapes"]


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    return {
        "setting": (
            rx(r"[^\s=]+", "sysctl key")("key") + pp.Opt(SP) + pp.Literal("=") + pp.Opt(SP)
            + pp.Opt(rx(r"\S.*", "value")("value"))
        ),
        "error": rx(r"(?:sysctl|error): .*", "sysctl error message")("message"),
        "applying": pp.Literal("* Applying") + SP + rx(r".*", "file name")("file"),
    }


_NAMES = {
    "setting": "'key = value' line",
    "error": "sysctl error message",
    "applying": "'* Applying' line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""

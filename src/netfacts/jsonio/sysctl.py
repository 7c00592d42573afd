"""``sysctl`` JSON: one object, ``{"net.ipv4.ip_forward": 1, ...}``.

Values that are one canonical decimal integer are JSON integers; everything else is the
text as printed (several numbers keep their tabs: ``"4096\\t131072\\t6291456"``; an empty
value is ``""``).  A key printed twice keeps its last value, as ``sysctl -p`` would apply it.
This is the shape ``jc --sysctl`` prints, except that jc also turns ``1.5``-like values
into floats and leaves ``007`` as 7; netfacts keeps both as text so that nothing printed
is changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from netfacts.models.sysctl import SysctlOutput

__all__ = ["snapshot_view", "sysctl_to_json"]


def sysctl_to_json(output: SysctlOutput) -> dict[str, int | str]:
    """``{key: value}`` in input order."""
    return output.as_dict()


def snapshot_view(pairs: Iterable[tuple[str, int | str]]) -> dict[str, int | str]:
    """A snapshot's sysctls (``(key, value)`` pairs) in the same shape."""
    return dict(pairs)

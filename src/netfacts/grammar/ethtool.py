r"""Grammar of ``ethtool`` output: ``ethtool DEV``, ``-i``, ``-S``, ``-k``, ``-g``, ``-l``.

One file holds one command's output for one device, as sos stores it (stdout and stderr
together)::

    settings  := "Settings for " DEV ":" { setting | continuation }      ; ethtool DEV
    setting   := INDENT label ":" [ SP value ]                           ; TAB (netlink 6.x: 8
                                                                          ; spaces for the
                                                                          ; message level)
    continuation := INDENT text-without-colon                            ; wrapped link modes,
                                                                          ; message-level names
    driver    := { key ":" [ SP value ] }                                ; -i, no indent
    stats     := "NIC statistics:" { INDENT name ":" SP number }         ; -S (name may hold
                                                                          ; ": ": split at the
                                                                          ; last colon)
    features  := "Features for " DEV ":" { [TAB] name ": " ("on"|"off")
                  [ " [fixed]" | " [requested on]" | " [requested off]" ] }   ; -k
    rings     := "Ring parameters for " DEV ":" "Pre-set maximums:" { param }
                  "Current hardware settings:" { param }                     ; -g
    channels  := "Channel parameters for " DEV ":" ... (same layout)        ; -l
    param     := label ":" TABS ( number | "n/a" | word )
    message   := "netlink error: ..." | "Cannot get ..." | "no stats available" | ...

``message`` lines are what the command wrote to stderr (sos keeps them in the file): they
are capture warnings, never parse errors.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_ethtool import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["BANNERS", "SECTIONS", "SHAPES", "build_shapes"]

BANNERS = {
    "settings": "Settings for ",
    "features": "Features for ",
    "rings": "Ring parameters for ",
    "channels": "Channel parameters for ",
}
"""The first line of each form that names the device (``-i`` and ``-S`` do not)."""

STATS_BANNER = "NIC statistics:"
SECTIONS = {"Pre-set maximums:": "max", "Current hardware settings:": "current"}

MESSAGES = (
    r"netlink error: .*|Cannot .*|No data available|no stats available|"
    r"ethtool: .*|ethtool \(-.*|rxclass: .*|RX classification rule retrieval failed|"
    r"Operation not supported|No such device|Operation not permitted|"
    r"Could not .*|For more information run ethtool -h|"
    r"offset: .*|bad command line argument.*|.*: No such device|Settings for .*: No such device"
)
"""stderr lines of ethtool (and its usage message) that sos stores with the output."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    device = rx(r"\S*[^\s:]", "device name")("ifname") + pp.Literal(":")
    indent = rx(r"[ \t]+", "indentation")("indent")
    gap = rx(r"[ \t]*", "blanks")
    shapes: dict[str, pp.ParserElement] = {
        f"{key}_banner": pp.Literal(text.rstrip()) + pp.Literal(" ") + device
        for key, text in BANNERS.items()
    }
    shapes.update({
        "stats_banner": pp.Literal(STATS_BANNER),
        "section": rx("|".join(SECTIONS), "'Pre-set maximums:' or 'Current hardware settings:'")(
            "section"),
        "setting": (
            indent + rx(r"[^\s:][^:]*", "label")("label") + pp.Literal(":") + gap
            + rx(r".*", "value")("value")
        ),
        # values and names start with a non-blank: with the indent's blanks also possible
        # at their start, a long line that fails would be rescanned once per blank
        "continuation": indent + rx(r"(?:[^\s:][^:]*)?", "continued values")("text"),
        "driver": (
            rx(r"[a-z][a-z0-9-]*", "driver information key")("label") + pp.Literal(":") + gap
            + rx(r".*", "value")("value")
        ),
        "stat": (
            indent + rx(r"(?:\S.*)?[^\s:](?=:[ \t]*[0-9]+$)", "statistic name")("label")
            + pp.Literal(":") + gap + rx(r"[0-9]+", "counter value")("value")
        ),
        "feature": (
            rx(r"\t?", "indentation")("indent") + rx(r"[^\s:]+", "feature name")("label")
            + pp.Literal(": ") + rx(r"on|off", "'on' or 'off'")("value")
            + pp.Opt(pp.Literal(" [") + rx(r"fixed|requested on|requested off",
                                           "'fixed' or 'requested on|off'")("flag")
                     + pp.Literal("]"))
        ),
        "param": (
            rx(r"[A-Za-z][^:\t]*", "parameter name")("label") + pp.Literal(":") + gap
            + rx(r"\S+", "number, 'n/a' or word")("value")
        ),
        "message": rx(f"(?:{MESSAGES})", "ethtool error message")("message"),
    })
    return shapes


_NAMES = {
    "settings_banner": "'Settings for DEV:' line",
    "features_banner": "'Features for DEV:' line",
    "rings_banner": "'Ring parameters for DEV:' line",
    "channels_banner": "'Channel parameters for DEV:' line",
    "stats_banner": "'NIC statistics:' line",
    "section": "section heading",
    "setting": "ethtool setting line",
    "continuation": "continuation line",
    "driver": "ethtool -i line",
    "stat": "ethtool -S counter line",
    "feature": "ethtool -k feature line",
    "param": "ethtool -g/-l parameter line",
    "message": "ethtool error message",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""

"""Make text from the input safe to print on a terminal.

Interface names, host names, archive member names and captured lines come from the
input, and the input may be hostile: an escape sequence in a host name could clear the
screen, retitle the window, hide a line or (with some terminals) run commands.  Every
human-readable output (``show``, ``check``, ``diff``, the CLI's error messages)
passes such text through :func:`printable`, which writes each C0 and C1 control
character, DEL and the Unicode bidirectional overrides as a visible escape (``\\x1b``,
``\\u202e``).  JSON output is not touched: the JSON writer escapes what it must and the
values stay exact.
"""

from __future__ import annotations

__all__ = ["printable"]

_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0)]
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TABLE: dict[int, str] = {code: f"\\x{code:02x}" for code in _CONTROLS}
_TABLE.update({code: f"\\u{code:04x}" for code in _BIDI})
_TABLE_LINES = dict(_TABLE)
del _TABLE_LINES[0x0A]


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character written as an escape.

    With ``newlines=True`` line ends are kept (for multi-line messages); tabs are always
    escaped, so that a table's columns cannot be pushed around.
    """
    return text.translate(_TABLE_LINES if newlines else _TABLE)

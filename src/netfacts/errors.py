"""The one public exception and the diagnostic records every parser reports.

Parsers are lenient by default: every good record is kept and each problem is
reported as a :class:`Diagnostic` naming the line and column of the offending
text.  With ``strict=True`` the first error-severity diagnostic is raised as a
:class:`ParseError` instead.  No other exception type escapes a parser.
"""

from __future__ import annotations

import enum

__all__ = ["Diagnostic", "ParseError", "Severity"]


class Severity(str, enum.Enum):
    """How bad a diagnostic is.

    ``ERROR`` means text that should have been a record could not be read (it is
    left out of the result); ``WARNING`` means text was recognised as noise or
    was read with a caveat (a shell prompt, a truncated address); ``INFO`` is
    for remarks that lose nothing.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Diagnostic:
    """One problem found in the input, pointing at the original text.

    Immutable and compared by value.  (A plain class rather than an attrs one: the
    CLI's fast paths report diagnostics without paying for importing attrs.)
    """

    __slots__ = ("column", "incomplete", "line", "message", "severity", "source", "text")

    message: str
    line: int
    """1-based line number in the original input (0: about the file as a whole)."""
    column: int
    """1-based column in the original line (after colour codes were removed)."""
    text: str
    """The offending line, as seen by the parser."""
    severity: Severity
    source: str | None
    """File name (or ``"<stdin>"``) when known."""
    incomplete: bool
    """The problem means the result lacks part of its input: a source was cut, corrupt,
    skipped, unreadable or over a limit (see ``netfacts.limits``).  A snapshot with
    such a diagnostic is not :attr:`~netfacts.Snapshot.complete`."""

    def __init__(self, message: str, line: int, column: int = 1, text: str = "",  # noqa: PLR0917
                 severity: Severity = Severity.ERROR, source: str | None = None, *,
                 incomplete: bool = False) -> None:
        setter = object.__setattr__
        setter(self, "message", message)
        setter(self, "line", line)
        setter(self, "column", column)
        setter(self, "text", text)
        setter(self, "severity", severity)
        setter(self, "source", source)
        setter(self, "incomplete", incomplete)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Diagnostic is immutable: cannot set {name!r}")

    def _fields(self) -> tuple[object, ...]:
        return (self.message, self.line, self.column, self.text, self.severity, self.source,
                self.incomplete)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # pickling (worker processes) rebuilds through __init__: __setattr__ refuses
        return (_rebuild_diagnostic, self._fields())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        assert isinstance(other, Diagnostic)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Diagnostic(message={self.message!r}, line={self.line!r}, "
                f"column={self.column!r}, text={self.text!r}, severity={self.severity!r}, "
                f"source={self.source!r}"
                + (", incomplete=True)" if self.incomplete else ")"))

    def replace(self, **changes: object) -> Diagnostic:
        """A copy with some fields changed (``d.replace(line=12)``)."""
        fields = {"message": self.message, "line": self.line, "column": self.column,
                  "text": self.text, "severity": self.severity, "source": self.source,
                  "incomplete": self.incomplete}
        fields.update(changes)
        return Diagnostic(**fields)  # type: ignore[arg-type]

    def location(self) -> str:
        """``file:line:col`` (``<input>`` when the source is unknown; no line for a whole file)."""
        if self.line <= 0:
            return self.source or "<input>"
        return f"{self.source or '<input>'}:{self.line}:{self.column}"

    def render(self) -> str:
        """Three-line human form: location and message, the line, a caret.

        Control characters from the input are shown as escapes (``\\x1b``), so the
        text is safe to print on a terminal; the caret still points at the column.
        """
        from netfacts._terminal import printable

        head = printable(f"{self.location()}: {self.severity.value}: {self.message}",
                         newlines=True)
        if not self.text:
            return head
        caret = " " * len(printable(self.text[: max(self.column, 1) - 1])) + "^"
        return f"{head}\n    {printable(self.text)}\n    {caret}"

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping (used by the CLI and snapshots); ``"incomplete": true`` is
        present only on diagnostics that make the result incomplete."""
        data: dict[str, object] = {
            "severity": self.severity.value,
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "text": self.text,
        }
        if self.incomplete:
            data["incomplete"] = True
        return data


def _rebuild_diagnostic(message: str, line: int, column: int, text: str,  # noqa: PLR0917
                        severity: Severity, source: str | None,
                        incomplete: bool) -> Diagnostic:
    return Diagnostic(message, line, column, text, severity, source, incomplete=incomplete)


class ParseError(ValueError):
    """Input that cannot be read (raised in strict mode, or when nothing can be read).

    The message names the file, line and column and shows the offending line
    with a caret under the problem::

        ip_addr.txt:3:5: error: Expected 'valid_lft' lifetime line
            inet 10.0.0.1/24 scope global eth0
            ^
    """

    def __init__(
        self,
        message: str,
        *,
        line: int = 0,
        column: int = 0,
        text: str = "",
        source: str | None = None,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.text = text
        self.source = source
        self.diagnostics = diagnostics
        super().__init__(self._render())

    @classmethod
    def from_diagnostic(
        cls, diagnostic: Diagnostic, diagnostics: tuple[Diagnostic, ...] = ()
    ) -> ParseError:
        """The exception that strict mode raises for ``diagnostic``."""
        return cls(
            diagnostic.message,
            line=diagnostic.line,
            column=diagnostic.column,
            text=diagnostic.text,
            source=diagnostic.source,
            diagnostics=diagnostics or (diagnostic,),
        )

    def _render(self) -> str:
        if self.line <= 0:
            where = self.source or "<input>"
            return f"{where}: {self.message}"
        return Diagnostic(
            self.message, self.line, self.column or 1, self.text, Severity.ERROR, self.source
        ).render()

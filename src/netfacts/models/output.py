"""The base of every parse result (kept apart so that a family's models do not import
the link models of ``ip addr``)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.errors import Diagnostic
from netfacts.models._checked import checked

__all__ = ["Output"]

@checked
@attrs.frozen(kw_only=True)
class Output:
    """Base of all parse results."""

    kind: ClassVar[str] = ""
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    source: str | None = attrs.field(default=None, eq=False, repr=False)
    record_lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)
    """1-based line where each record starts, in record order (empty when unknown);
    snapshots use it to say which line of which file a fact came from."""

    @property
    def ok(self) -> bool:
        """No error-severity diagnostics."""
        return not any(d.severity.value == "error" for d in self.diagnostics)

"""An immutable sequence whose items are built from validated rows on first use."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

__all__ = ["LazyTuple", "Row", "as_sequence"]

T = TypeVar("T")
Row = tuple[Any, ...]
"""A validated record as a parser (or a derivation) keeps it."""


class LazyTuple(Sequence[T], Generic[T]):
    """An immutable sequence built from validated rows on first use.

    Behaves like a tuple (``len``, indexing, slicing to a tuple, iteration, ``==`` with
    tuples and other sequences, hashing).  :attr:`rows` gives the rows while nothing has
    been built, so fast readers (the Service derivation, the JSON writers) need not build
    objects at all.
    """

    __slots__ = ("_build", "_items", "_rows")

    def __init__(self, items: Sequence[T] = (), *, rows: Sequence[Any] | None = None,
                 build: Callable[[Any], T] | None = None) -> None:
        self._items: tuple[T, ...] | None = None
        self._rows: Sequence[Any] | None = None
        self._build: Callable[[Any], T] | None = None
        if rows is not None and build is not None:
            self._rows = rows
            self._build = build
        else:
            self._items = tuple(items)

    @property
    def rows(self) -> Sequence[Any] | None:
        """The rows while the items have not been built (else None)."""
        return self._rows if self._items is None else None

    def materialise(self) -> tuple[T, ...]:
        """The items as a tuple (built now if needed)."""
        items = self._items
        if items is None:
            build = self._build
            assert build is not None and self._rows is not None
            # Many small acyclic objects at once: the cyclic collector would rescan them.
            collecting = gc.isenabled()
            gc.disable()
            try:
                items = tuple([build(row) for row in self._rows])
            finally:
                if collecting:
                    gc.enable()
            self._items = items
            self._rows = None
            self._build = None
        return items

    def __len__(self) -> int:
        if self._items is None:
            assert self._rows is not None
            return len(self._rows)
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.materialise()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.materialise())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTuple):
            return self.materialise() == other.materialise()
        if isinstance(other, (tuple, list)):
            return self.materialise() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.materialise())

    def __repr__(self) -> str:
        return repr(self.materialise())



def as_sequence(value: Sequence[Any]) -> Sequence[Any]:
    """Field converter: a :class:`LazyTuple` stays as it is, anything else becomes a tuple."""
    return value if isinstance(value, LazyTuple) else tuple(value)

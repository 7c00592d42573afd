"""Tar archives read as GNU tar extracts them: the standard library's ``tarfile``, streamed.

One pass, decompressed once, nothing written anywhere.  The compression is recognised by
its magic bytes and undone by the standard library's file objects (``lzma.LZMAFile``,
``gzip.GzipFile``, ``bz2.BZ2File``), which read multi-member gzip and concatenated xz and
bzip2 streams the way ``gzip -d``/``xz -d`` do; ``tarfile`` then reads the plain tar
stream in stream mode (``"r|"``: forward only, the data of members that are not read is
skipped as it passes).  (``tarfile``'s own ``"r|gz"``/``"r|xz"`` modes stop after the
first compressed stream, so they are not used.)  Every header format ``tarfile`` knows is
understood: ustar, old GNU and GNU long names, pax, and sparse members in the old GNU and
pax 0.0, 0.1 and 1.0 forms.

Hostile headers are bounded by :mod:`netfacts.limits` *before* ``tarfile`` acts on them
(a long-name or pax header is read whole into memory, a sparse map entry by entry, a
chain of extension headers recursively): a breach raises :class:`ArchiveLimit`.
Hard and symbolic links are reported, not followed: the caller resolves them among the
members it kept.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import tarfile
import zlib
from collections.abc import Iterator
from typing import IO, Any, Protocol

from netfacts.limits import Limits, mib

__all__ = [
    "ArchiveCut",
    "ArchiveDamaged",
    "ArchiveError",
    "ArchiveLimit",
    "Budget",
    "ByteStream",
    "MemberData",
    "Prefixed",
    "TarStream",
    "compression",
    "is_tar_header",
]

_BLOCK = tarfile.BLOCKSIZE
_BUFSIZE = 1 << 16
_CHUNK = 1 << 20
_EXTENSIONS = (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK, tarfile.XHDTYPE,
               tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE)


class ByteStream(Protocol):
    """What the reader needs from its input: ``read(n)`` that returns b"" at the end."""

    def read(self, size: int = -1, /) -> bytes: ...


class ArchiveError(Exception):
    """The archive could not be read (completely)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArchiveCut(ArchiveError):
    """The data ends before the archive does (a cut upload, a partial copy)."""


class ArchiveDamaged(ArchiveError):
    """The data is not a readable archive, or is damaged."""


class ArchiveLimit(ArchiveError):
    """A limit of :mod:`netfacts.limits` was reached; reading stopped there."""


def compression(head: bytes) -> str | None:
    """``xz``, ``gz``, ``bz2``, ``zstd``, ``lzma`` or ``tar`` from an input's first bytes
    (at least 512 of them for ``tar``); ``None`` for anything else."""
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head.startswith(b"BZh") and head[3:4].isdigit():
        return "bz2"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zstd"
    if head.startswith(b"\x5d\x00\x00") and len(head) > 12:
        return "lzma"
    if is_tar_header(head[:_BLOCK]):
        return "tar"
    return None


def is_tar_header(block: bytes) -> bool:
    """A 512-byte tar header block with a valid checksum (any tar format)."""
    if len(block) < _BLOCK or block.count(0) == _BLOCK:
        return False
    try:
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except (tarfile.HeaderError, ValueError):
        return False
    return True


class Budget:
    """Decompressed bytes streamed through, shared by an archive and the ones inside it."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise ArchiveLimit(
                f"more than {mib(self.limit)} of decompressed data (limit archive_bytes); "
                "the rest was not read")


class _Counted:
    """The decompressed stream, counted against the budget.

    Reads with ``read1`` where there is one: a buffered reader's ``read(n)`` waits for all
    ``n`` bytes, so at a cut it would raise and lose the bytes before the cut, which
    ``tarfile`` could still have used.
    """

    __slots__ = ("_read", "budget")

    def __init__(self, raw: ByteStream, budget: Budget) -> None:
        self._read = getattr(raw, "read1", None) or raw.read
        self.budget = budget

    def read(self, size: int = -1, /) -> bytes:
        data: bytes = self._read(size)
        self.budget.spend(len(data))
        return data


class Prefixed:
    """``head`` (read already, to recognise the data) followed by the rest of ``raw``.

    A read may return fewer bytes than asked, as ``read1`` does (every reader here
    loops), and reads the rest with ``raw.read1`` where there is one (see
    :class:`_Counted`).
    """

    __slots__ = ("_read", "_read_all", "head")

    def __init__(self, head: bytes, raw: ByteStream) -> None:
        self.head = head
        self._read = getattr(raw, "read1", None) or raw.read
        self._read_all = raw.read

    def read(self, size: int = -1, /) -> bytes:
        head = self.head
        if not head:
            return self._read_all() if size < 0 else self._read(size)
        self.head = b""
        if size < 0:
            return head + self._read_all()
        if size < len(head):
            self.head = head[size:]
            return head[:size]
        return head


class _State:
    """Per-archive bookkeeping that :class:`_Info` consults while ``tarfile`` reads headers."""

    __slots__ = ("chain", "ended", "limits")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.chain = 0
        self.ended: str | None = None
        """How the header stream ended: ``"marker"`` (the end-of-archive block), ``"eof"``
        (no more data, no marker), ``"cut"`` (inside a header)."""


class _Tar(tarfile.TarFile):
    """``TarFile`` with the reader's state attached before the first header is read."""

    state: _State

    def __init__(self, *args: Any, state: _State, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)


class _Info(tarfile.TarInfo):
    """``TarInfo`` whose header processing is bounded by the limits."""

    @classmethod
    def fromtarfile(cls, tarfile: tarfile.TarFile) -> _Info:
        state: _State = tarfile.state  # type: ignore[attr-defined]
        buf = tarfile.fileobj.read(_BLOCK)
        if len(buf) < _BLOCK:
            state.ended = "cut" if buf else "eof"
        elif buf.count(0) == _BLOCK:
            state.ended = "marker"
        obj = cls.frombuf(buf, tarfile.encoding, tarfile.errors)
        obj.offset = tarfile.fileobj.tell() - _BLOCK
        if obj.type in _EXTENSIONS:
            limits = state.limits
            state.chain += 1
            if state.chain > limits.header_chain:
                raise ArchiveLimit(f"more than {limits.header_chain} extension headers in a "
                                   "row (limit header_chain)")
            if obj.size > limits.header_bytes:
                kind = "pax" if obj.type not in _EXTENSIONS[:2] else "GNU long-name"
                raise ArchiveLimit(f"a {kind} header of {obj.size} bytes, over the limit of "
                                   f"{mib(limits.header_bytes)} (header_bytes)")
        return obj._proc_member(tarfile)  # type: ignore[attr-defined,no-any-return]

    def _proc_sparse(self, tarfile: tarfile.TarFile) -> tarfile.TarInfo:
        """Old GNU sparse member: the map in the header and its extension blocks."""
        limit = tarfile.state.limits.sparse_entries  # type: ignore[attr-defined]
        structs, extended, origsize = self._sparse_structs  # type: ignore[attr-defined]
        del self._sparse_structs  # type: ignore[attr-defined]
        while extended:
            block = tarfile.fileobj.read(_BLOCK)
            if len(block) < _BLOCK:
                raise ArchiveCut("the archive ends inside a sparse map")
            for position in range(0, 21 * 24, 24):
                try:
                    offset = tarfile_number(block[position : position + 12])
                    numbytes = tarfile_number(block[position + 12 : position + 24])
                except ValueError:
                    break
                if offset and numbytes:
                    structs.append((offset, numbytes))
            if len(structs) > limit:
                raise ArchiveLimit(f"a sparse map of more than {limit} entries "
                                   "(limit sparse_entries)")
            extended = bool(block[504])
        self.sparse = structs
        self.offset_data = tarfile.fileobj.tell()
        tarfile.offset = self.offset_data + self._block(self.size)  # type: ignore[attr-defined]
        self.size = origsize
        return self

    def _proc_gnusparse_10(self, next: tarfile.TarInfo, pax_headers: dict[str, str],
                           tarfile: tarfile.TarFile) -> None:
        """pax sparse 1.0: the map (a count, then offset/size pairs) opens the data."""
        limit = tarfile.state.limits.sparse_entries  # type: ignore[attr-defined]
        read = tarfile.fileobj.read
        buf = read(_BLOCK)
        numbers: list[int] = []
        count: int | None = None
        while count is None or len(numbers) < count * 2:
            if b"\n" not in buf:
                more = read(_BLOCK)
                if len(more) < _BLOCK:
                    raise ArchiveCut("the archive ends inside a sparse map")
                buf += more
                if len(buf) > 64 * _BLOCK:
                    raise ArchiveDamaged("a sparse map with a number of more than 32 KiB")
                continue
            word, buf = buf.split(b"\n", 1)
            value = int(word)
            if count is None:
                count = value
                if count > limit:
                    raise ArchiveLimit(f"a sparse map of {count} entries, over the limit of "
                                       f"{limit} (sparse_entries)")
            else:
                numbers.append(value)
        next.offset_data = tarfile.fileobj.tell()
        next.sparse = list(zip(numbers[::2], numbers[1::2]))  # type: ignore[assignment]


def tarfile_number(field: bytes) -> int:
    """A numeric header field (octal or base-256), as ``tarfile`` reads it."""
    return tarfile.nti(field)  # type: ignore[attr-defined,no-any-return]


def _decompressed(kind: str, raw: IO[bytes] | ByteStream) -> ByteStream:
    if kind in ("xz", "lzma"):
        return lzma.LZMAFile(raw)  # type: ignore[arg-type]
    if kind == "gz":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[arg-type]
    if kind == "bz2":
        return bz2.BZ2File(raw)  # type: ignore[arg-type]
    return raw


_NAMES = {"xz": "xz", "lzma": "lzma", "gz": "gzip", "bz2": "bzip2", "tar": "uncompressed"}

_READ_ERRORS = (tarfile.TarError, lzma.LZMAError, zlib.error, EOFError, OSError, ValueError,
                IndexError, UnicodeError, OverflowError)


def _problem(exc: BaseException) -> ArchiveError:
    """The reader's error for whatever the decompressors or ``tarfile`` raised."""
    if isinstance(exc, ArchiveError):
        return exc
    text = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError) or "unexpected end of data" in text:
        return ArchiveCut(f"the archive ends early ({text})")
    if isinstance(exc, (lzma.LZMAError, zlib.error, gzip.BadGzipFile)) or (
        isinstance(exc, OSError) and "data stream" in text
    ):
        return ArchiveDamaged(f"the compressed data is damaged ({text})")
    if isinstance(exc, OSError) and not isinstance(exc, tarfile.TarError):
        return ArchiveDamaged(f"it cannot be read ({exc.strerror or text})")
    return ArchiveDamaged(f"the tar data is damaged ({text})")


class MemberData:
    """A member's data; errors of the stream under it are raised as :class:`ArchiveError`."""

    __slots__ = ("handle",)

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self.handle.read(size)
        except ArchiveError:
            raise
        except _READ_ERRORS as exc:
            raise _problem(exc) from None

    def read1(self, size: int = -1, /) -> bytes:
        """Whatever is at hand, up to ``size`` bytes (see :class:`_Counted`)."""
        try:
            return self.handle.read1(size)  # type: ignore[attr-defined,no-any-return]
        except ArchiveError:
            raise
        except _READ_ERRORS as exc:
            raise _problem(exc) from None


class TarStream:
    """The members of one tar archive (compressed or not), read forward once.

    ``kind`` is what :func:`compression` said of the first bytes; :meth:`open` refuses
    what is not a tar archive.  Iterating yields each member's ``TarInfo``; call
    :meth:`read` or :meth:`open_member` on the member just yielded (before moving on).
    Iteration stops at the end of the archive, or raises :class:`ArchiveError` (cut,
    damaged, or a limit reached) — what was yielded before stays valid.
    """

    def __init__(self, tar: _Tar, limits: Limits, kind: str) -> None:
        self._tar = tar
        self.limits = limits
        self.kind = kind
        self.count = 0

    @classmethod
    def open(cls, raw: IO[bytes] | ByteStream, limits: Limits, budget: Budget) -> TarStream:
        """Sniff ``raw`` and open it; raises :class:`ArchiveError` when it is no tar archive."""
        try:
            head = raw.read(_BLOCK)
        except OSError as exc:
            raise _problem(exc) from None
        kind = compression(head)
        if kind is None:
            raise ArchiveDamaged("not a tar archive (neither compressed data nor a tar header)")
        if kind == "zstd":
            raise ArchiveDamaged("zstd-compressed; Python cannot read zstd: decompress it first "
                                 "(zstd -d FILE)")
        stream = _Counted(_decompressed(kind, Prefixed(head, raw)), budget)
        state = _State(limits)
        try:
            tar = _Tar.open(fileobj=stream, mode="r|", bufsize=_BUFSIZE,  # type: ignore[call-overload]
                            tarinfo=_Info, state=state)
        except tarfile.ReadError as exc:
            if state.ended == "eof" and kind != "tar":
                raise ArchiveDamaged(f"{_NAMES[kind]}-compressed, but empty") from None
            if kind != "tar" and "header" in str(exc):
                raise ArchiveDamaged(f"{_NAMES[kind]}-compressed data that is not a tar "
                                     "archive") from None
            raise _problem(exc) from None
        except _READ_ERRORS as exc:
            raise _problem(exc) from None
        except ArchiveError:
            raise
        return cls(tar, limits, kind)

    def __iter__(self) -> Iterator[tarfile.TarInfo]:
        tar = self._tar
        state = tar.state
        limit = self.limits.members
        while True:
            state.chain = 0
            try:
                info = tar.next()
            except ArchiveError:
                raise
            except _READ_ERRORS as exc:
                raise _problem(exc) from None
            tar.members.clear()  # type: ignore[attr-defined]  # stream mode needs no index; keep memory flat
            if info is None:
                if state.ended == "cut":
                    raise ArchiveCut("the archive ends inside a tar header")
                if state.ended == "eof" and self.count:
                    raise ArchiveCut("the archive ends without its end-of-archive marker "
                                     "(it was cut between two members)")
                return
            self.count += 1
            if self.count > limit:
                raise ArchiveLimit(f"more than {limit} members (limit members); the rest was "
                                   "not read")
            yield info

    def read(self, info: tarfile.TarInfo) -> bytes:
        """All data of a regular (or sparse) member just yielded.

        Read in chunks of 1 MiB: one ``read()`` of a large member would make ``tarfile``
        hold three or four copies of it at once.
        """
        handle = self.open_member(info)
        chunks = []
        while chunk := handle.read(_CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)

    def open_member(self, info: tarfile.TarInfo) -> MemberData:
        """A forward-only reader of the member just yielded (for a nested archive)."""
        try:
            handle = self._tar.extractfile(info)
        except _READ_ERRORS as exc:
            raise _problem(exc) from None
        if handle is None:
            raise ArchiveDamaged(f"{info.name} has no data")
        return MemberData(handle)

    def close(self) -> None:
        with contextlib.suppress(*_READ_ERRORS):
            self._tar.close()

"""The public functions: parse, detect, render, to_json."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from netfacts import _registry
from netfacts.errors import ParseError

if TYPE_CHECKING:
    from netfacts.detection import Detection
    from netfacts.errors import Diagnostic
    from netfacts.models.outputs import Output
    from netfacts.models.snapshot import Cluster, Snapshot

__all__ = ["detect", "load", "load_cluster", "load_json", "load_snapshot", "parse", "render",
           "to_json"]


def _text(data: str | bytes) -> str:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data).decode("utf-8", errors="replace")
    if not isinstance(data, str):
        raise ParseError(f"expected text (str or bytes), got {type(data).__name__}")
    return data


def detect(text: str | bytes, *, filename: str | None = None) -> Detection:
    """Which command produced ``text`` (see :mod:`netfacts.detection`)."""
    from netfacts.detection import detect as _detect

    return _detect(_text(text), filename=filename)


def parse(
    text: str | bytes,
    kind: str | None = None,
    *,
    strict: bool = False,
    source: str | None = None,
) -> Output:
    """Parse captured command output into typed models.

    ``kind`` is an ``--as`` name (``"ip-addr"``, ``"ip-link"``, ...) or a family
    key (``"ip_addr"``); without it the kind is detected from the content and
    from ``source`` when that is a file name.  Lenient by default: bad lines
    become :class:`~netfacts.errors.Diagnostic` records on the result; with
    ``strict=True`` the first one raises :class:`~netfacts.errors.ParseError`,
    the only exception this function raises.
    """
    data = _text(text)
    family, options = _resolve(data, kind, source)
    return _parse_resolved(data, family, options, strict, source)


def _parse_resolved(data: str, family: _registry.CommandFamily, options: dict[str, Any],
                    strict: bool, source: str | None) -> Output:
    parser = _registry.load(family.parser)
    try:
        result: Output = parser(data, strict=strict, source=source, **options)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must still surface as ParseError
        raise _internal(family, exc, source) from exc
    return result


def _resolve(
    data: str, kind: str | None, source: str | None
) -> tuple[_registry.CommandFamily, dict[str, Any]]:
    """The family that parses ``data`` and the parser options the command line implies."""
    if kind is not None and not isinstance(kind, str):
        raise ParseError(f"kind must be a string, got {type(kind).__name__}", source=source)
    if kind is None:
        from netfacts.detection import detect as _detect

        detection = _detect(data, filename=source)
        kind = detection.kind
        hints = dict(detection.hints)
    else:
        from netfacts.detection import command_hints

        hints = command_hints(data, source, kind)
    entry = _registry.family_for_kind(kind)
    if entry is None:
        raise ParseError(
            f"unknown kind {kind!r}; known: {', '.join(sorted(_registry.KINDS))}",
            source=source,
        )
    family, family_hints = entry
    return family, {**family_hints, **hints}


def _internal(family: _registry.CommandFamily, exc: Exception, source: str | None) -> ParseError:
    return ParseError(
        f"internal error while parsing as {family.key}: {type(exc).__name__}: {exc}",
        source=source,
    )


def json_text(
    text: str | bytes, kind: str | None = None, *, source: str | None = None
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """Compact JSON text straight from ``text`` when the family has a direct path.

    Equal, byte for byte, to ``json.dumps(to_json(parse(text, kind)))`` in compact
    form; None when the family (or this input) needs the model path.  Lenient only.
    """
    data = _text(text)
    family, options = _resolve(data, kind, source)
    return _json_text_resolved(data, family, options, source)


def _json_text_resolved(data: str, family: _registry.CommandFamily, options: dict[str, Any],
                        source: str | None) -> tuple[str, tuple[Diagnostic, ...]] | None:
    if family.direct_json is None:
        return None
    writer = _registry.load(family.direct_json)
    try:
        result: tuple[str, tuple[Diagnostic, ...]] | None = writer(
            data, source=source, **options)
    except ParseError:
        raise
    except Exception as exc:
        raise _internal(family, exc, source) from exc
    return result


def cli_json(text: str, kind: str | None, *, source: str | None
             ) -> tuple[str, tuple[Diagnostic, ...]] | Output:
    """For ``netfacts parse``: the direct compact JSON text when the family has one for
    this input, else the parse result, with the kind resolved (detected) only once."""
    family, options = _resolve(text, kind, source)
    direct = _json_text_resolved(text, family, options, source)
    if direct is not None:
        return direct
    return _parse_resolved(text, family, options, False, source)


def render(output: Output) -> str:
    """Text of a parse result in the form it came from."""
    family = _registry.family_for_output(output.kind)
    renderer = _registry.load(family.renderer)
    text: str = renderer(output)
    return text


def to_json(output: Output) -> Any:
    """JSON-ready data shaped like the command's own JSON (``ip -j``) where it has one."""
    family = _registry.family_for_output(output.kind)
    writer = _registry.load(family.to_json)
    return writer(output)


def load(source: str | Path) -> Snapshot | Cluster:
    """A node's (or a cluster's) network state from a sosreport, folder, JSON or ``"live"``.

    See :func:`netfacts.snapshot.load`.
    """
    from netfacts.snapshot import load as _load

    return _load(source)


def load_snapshot(source: str | Path) -> Snapshot:
    """One node's :class:`Snapshot`: from a single-node source, or ``SOURCE#HOSTNAME`` for one
    node of a cluster source (a collector bundle, a folder of sosreports).

    Raises :class:`ParseError` when the source holds several nodes and none is named, or
    not the named one.
    """
    from netfacts.models.snapshot import Cluster

    text = str(source)
    path, hostname = text, None
    if "#" in text and not Path(text).exists():
        path, _, hostname = text.rpartition("#")
    loaded = load(path)
    if isinstance(loaded, Cluster):
        nodes = loaded.nodes
        if hostname is None and len(nodes) == 1:
            return next(iter(nodes.values()))
        if hostname is None:
            raise ParseError(
                f"it holds several nodes; name one as {path}#HOSTNAME "
                f"({', '.join(sorted(nodes))})", source=path)
        if hostname not in nodes:
            raise ParseError(f"no node {hostname!r} in it (nodes: {', '.join(sorted(nodes))})",
                             source=path)
        return nodes[hostname]
    if hostname is not None and loaded.hostname != hostname:
        raise ParseError(f"it is node {loaded.hostname!r}, not {hostname!r}", source=path)
    return loaded


def load_cluster(*sources: str | Path) -> Cluster:
    """Every node of one or more sources as one :class:`Cluster` (a single-node source gives
    a cluster of one); copies of one report in different sources are one node."""
    from netfacts.models.snapshot import Cluster
    from netfacts.snapshot import combine

    loaded = [load(source) for source in sources]
    origin = str(sources[0]) if len(sources) == 1 else None
    if len(loaded) == 1 and isinstance(loaded[0], Cluster):
        return loaded[0]
    return combine(loaded, origin)


def load_json(text: str | bytes) -> Snapshot | Cluster:
    """Read ``netfacts snapshot`` JSON back into equal models."""
    from netfacts.jsonio.snapshot import load_json as _load_json

    return _load_json(text)

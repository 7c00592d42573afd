"""``netfacts`` command line: a thin layer over the public API.

Exit status (``docs/cli.md``):

* 0 — success: everything was read, nothing wrong found;
* 1 — the input was read but had errors (lenient mode, output still printed), or
  ``check`` found an error;
* 2 — unusable: the input could not be read at all or holds no networking facts (unknown
  format, ``--strict`` failure, missing file), or bad usage;
* 3 — incomplete input (``snapshot``, ``show``, ``check``, ``diff``): a source was cut,
  corrupt, skipped, unreadable or over a limit; the output covers what was read.

When several apply, the highest wins except that 3 outranks 1: an incomplete result may
lack the very facts that would have given (or cleared) a finding.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from netfacts import _api, _load, _registry
from netfacts.errors import ParseError, Severity

__all__ = ["EXIT_FINDINGS", "EXIT_INCOMPLETE", "EXIT_OK", "EXIT_UNUSABLE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
EXIT_INCOMPLETE = 3


def _read(path: str) -> tuple[str, str | None]:
    """The text of one capture (``-``: standard input); an archive or binary data is
    refused with a message that says what it is."""
    if path == "-":
        data = sys.stdin.buffer.read()
        source = None
    else:
        with open(path, "rb") as handle:
            data = handle.read()
        source = path
    _refuse_non_text(data, source or "<stdin>")
    return data.decode("utf-8", errors="replace"), source


_ARCHIVE_MAGIC = (
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
)


def _refuse_non_text(data: bytes, source: str) -> None:
    what = next((name for magic, name in _ARCHIVE_MAGIC if data.startswith(magic)), None)
    if what is None and data[257:262] == b"ustar":
        what = "a tar archive"
    if what is not None:
        raise ParseError(
            f"this is {what} (a sosreport or a collector bundle?), not the output of one "
            f"command; read it with 'netfacts show {source}' or 'netfacts snapshot {source}'",
            source=source)
    if b"\x00" in data[:8192]:
        from netfacts.sources.collect import describe_data

        raise ParseError(f"{describe_data(data)}, not the text output of a command",
                         source=source)


def _split_node(source: str) -> tuple[str, str | None]:
    """``SOURCE#HOSTNAME`` → (SOURCE, HOSTNAME); a path that exists with its ``#`` is kept."""
    if "#" in source and not os.path.exists(source):
        path, _, hostname = source.rpartition("#")
        return path, hostname
    return source, None


def _incomplete(loaded: Any) -> list[Any]:
    """The diagnostics that make a loaded snapshot or cluster incomplete."""
    return list(loaded.incomplete)


def _incomplete_lines(diagnostics: Sequence[Any]) -> str:
    """``INCOMPLETE: ...`` first lines for human output (escaped)."""
    if not diagnostics:
        return ""
    from netfacts._terminal import printable

    lines = [f"INCOMPLETE: {len(diagnostics)} problem(s) while reading; what follows covers "
             "only what was read:"]
    for diagnostic in diagnostics[:20]:
        where = f" ({diagnostic.source})" if diagnostic.source else ""
        lines.append(printable(f"  - {diagnostic.message}{where}"))
    if len(diagnostics) > 20:
        lines.append(f"  ... and {len(diagnostics) - 20} more (--diagnostics, or the JSON)")
    return "\n".join(lines) + "\n"


def _warn_incomplete(diagnostics: Sequence[Any]) -> None:
    """The same, on standard error (when standard output is JSON)."""
    text = _incomplete_lines(diagnostics)
    if text:
        sys.stderr.write("netfacts: " + text)


def _status(*, errors: bool, incomplete: bool) -> int:
    if incomplete:
        return EXIT_INCOMPLETE
    return EXIT_FINDINGS if errors else EXIT_OK


def _dump(data: Any, pretty: bool, out: TextIO) -> None:
    if pretty:
        out.write(json.dumps(data, indent=2, ensure_ascii=False, check_circular=False))
    else:
        out.write(
            json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        )
    out.write("\n")


def _report(diagnostics: Sequence[Any], args: argparse.Namespace, text: str,
            source: str | None) -> int:
    """Print the diagnostics (none with ``-q``: the exit status says it); 1 when one is an
    error.  When most lines were rejected under an ``--as`` that detection disagrees
    with, one line says what the text looks like instead of an error per line."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    if args.quiet:
        return 1 if errors else 0
    hint = _wrong_kind(errors, args.kind, text, source) if errors >= 3 else None
    if hint is not None:
        print(f"netfacts: {source or '<stdin>'}: {hint}", file=sys.stderr)
        return 1
    for diagnostic in diagnostics:
        print(diagnostic.render(), file=sys.stderr)
    return 1 if errors else 0


def _wrong_kind(errors: int, kind: str | None, text: str, source: str | None) -> str | None:
    """``N of M lines are not ip-route output; the text looks like ip-addr output (...)``
    when ``--as KIND`` lost most lines and detection names another kind."""
    if kind is None:
        return None
    lines = sum(1 for line in text.splitlines() if line.strip())
    if errors * 2 < lines:
        return None
    try:
        detected = _api.detect(text, filename=source).kind
    except ParseError:
        return None
    chosen = _registry.normalise_kind(kind)
    ours, theirs = _registry.family_for_kind(chosen), _registry.family_for_kind(detected)
    if detected == chosen or (ours and theirs and ours[0] is theirs[0]):
        return None
    return (f"{errors} of {lines} lines could not be read as {chosen} output; the text looks "
            f"like {detected} output (try --as {detected}, or leave --as out)")


def _cmd_parse(args: argparse.Namespace) -> int:
    text, source = _read(args.file)
    if not args.strict and not args.pretty:
        result = _api.cli_json(text, args.kind, source=source or "<stdin>")
        if isinstance(result, tuple):
            sys.stdout.writelines([result[0]] if isinstance(result[0], str) else result[0])
            sys.stdout.write("\n")
            return _report(result[1], args, text, source)
        output = result
    else:
        output = _api.parse(text, args.kind, strict=args.strict, source=source or "<stdin>")
    _dump(_api.to_json(output), args.pretty, sys.stdout)
    return _report(output.diagnostics, args, text, source)


def _cmd_render(args: argparse.Namespace) -> int:
    text, source = _read(args.file)
    output = _api.parse(text, args.kind, strict=args.strict, source=source or "<stdin>")
    sys.stdout.write(_api.render(output))
    return _report(output.diagnostics, args, text, source)


def _cmd_detect(args: argparse.Namespace) -> int:
    text, source = _read(args.file)
    detection = _api.detect(text, filename=source)
    from netfacts._terminal import printable

    print(f"{detection.kind}\t{printable(detection.reason)}")
    return 0


def _load_selected(source: str) -> Any:
    """``load(SOURCE)``, or the one node ``SOURCE#HOSTNAME`` names."""
    from netfacts.snapshot import load

    path, hostname = _split_node(source)
    return load(path) if hostname is None else _load.load_snapshot(source)


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from netfacts.jsonio.snapshot import cluster_to_json, snapshot_to_json
    from netfacts.models.snapshot import Cluster

    loaded = _load_selected(args.source)
    data = cluster_to_json(loaded) if isinstance(loaded, Cluster) else snapshot_to_json(loaded)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            _dump(data, args.pretty, handle)
    else:
        _dump(data, args.pretty, sys.stdout)
    snapshots = loaded.snapshots if isinstance(loaded, Cluster) else (loaded,)
    errors = any(d.severity is Severity.ERROR for s in snapshots for d in s.diagnostics)
    missing = _incomplete(loaded)
    _warn_incomplete(missing)
    return _status(errors=errors, incomplete=bool(missing))


def _cmd_show(args: argparse.Namespace) -> int:
    from netfacts.models.snapshot import Cluster
    from netfacts.show import show_cluster_diagnostics, show_snapshot

    loaded = _load_selected(args.source)
    snapshots = loaded.snapshots if isinstance(loaded, Cluster) else (loaded,)
    missing = _incomplete(loaded)
    sys.stdout.write(_incomplete_lines(missing))
    if isinstance(loaded, Cluster):
        sys.stdout.write(show_cluster_diagnostics(loaded, diagnostics=args.diagnostics))
    for index, snapshot in enumerate(snapshots):
        if index or missing:
            sys.stdout.write("\n")
        sys.stdout.write(show_snapshot(snapshot, diagnostics=args.diagnostics,
                                       sources=args.sources))
    return _status(errors=False, incomplete=bool(missing))


def _load_node(source: str) -> Any:
    """A snapshot from SOURCE, or SOURCE#HOSTNAME for one node of a cluster source."""
    return _load.load_snapshot(source)


def _cmd_diff(args: argparse.Namespace) -> int:
    from netfacts.diff import diff, render_changes

    before = _load_node(args.a)
    after = _load_node(args.b)
    try:
        changes = diff(before, after, include_volatile=args.volatile,
                       normalise=args.normalise, kinds=args.kind or None)
    except ValueError as exc:
        raise ParseError(str(exc)) from None
    missing = _incomplete(before) + _incomplete(after)
    if args.json:
        _dump([change.to_json() for change in changes], args.pretty, sys.stdout)
        _warn_incomplete(missing)
    else:
        sys.stdout.write(_incomplete_lines(missing))
        sys.stdout.write(render_changes(changes))
    return _status(errors=False, incomplete=bool(missing))


def _cmd_check(args: argparse.Namespace) -> int:
    from netfacts.checks import render_findings, roles_from_args, run_checks
    from netfacts.errors import Diagnostic
    from netfacts.snapshot import combine, load

    loaded = []
    unusable: list[Diagnostic] = []
    for source in args.sources:
        try:
            loaded.append(load(source))
        except ParseError as exc:
            if len(args.sources) == 1:
                raise
            # one unusable source among several: the others are still checked
            unusable.append(Diagnostic(exc.message, 0, 0, "", Severity.ERROR,
                                       exc.source or source, incomplete=True))
    if not loaded:
        raise ParseError("no source could be read: " + "; ".join(
            f"{d.source}: {d.message}" for d in unusable))
    cluster = combine(loaded) if len(loaded) > 1 else loaded[0]
    try:
        roles = roles_from_args(args.role or ())
        findings = run_checks([cluster], roles=roles, only=args.check or None)
    except ValueError as exc:
        raise ParseError(str(exc)) from None
    missing = unusable + _incomplete(cluster)
    if args.json:
        _dump([finding.to_json() for finding in findings], args.pretty, sys.stdout)
        _warn_incomplete(missing)
    else:
        sys.stdout.write(render_findings(findings, incomplete=missing))
    return _status(errors=any(f.severity is Severity.ERROR for f in findings),
                   incomplete=bool(missing))


def _version() -> str:
    from netfacts import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    kinds = ", ".join(sorted(_registry.KINDS))
    parser = argparse.ArgumentParser(
        prog="netfacts",
        description="Typed facts from captured Linux networking command output.",
    )
    parser.add_argument("--version", action="version",
                        version=f"netfacts {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p_parse = sub.add_parser("parse", help="parse a capture and print JSON (ip -j shaped)")
    p_parse.add_argument("file", nargs="?", default="-", help="capture file, or - for stdin")
    p_parse.add_argument("--as", dest="kind", metavar="KIND", help=f"command kind: {kinds}")
    p_parse.add_argument("--strict", action="store_true", help="fail on the first bad line")
    p_parse.add_argument("-p", "--pretty", action="store_true", help="indent the JSON")
    p_parse.add_argument("-q", "--quiet", action="store_true",
                         help="print no diagnostics (the exit status still says 1 on errors)")
    p_parse.set_defaults(func=_cmd_parse)

    p_render = sub.add_parser("render", help="parse a capture and print it again as text")
    p_render.add_argument("file", nargs="?", default="-")
    p_render.add_argument("--as", dest="kind", metavar="KIND", help=f"command kind: {kinds}")
    p_render.add_argument("--strict", action="store_true")
    p_render.add_argument("-q", "--quiet", action="store_true",
                          help="print no diagnostics (the exit status still says 1 on errors)")
    p_render.set_defaults(func=_cmd_render)

    p_snapshot = sub.add_parser(
        "snapshot", help="one node's (or a cluster's) network state as JSON",
        description="SOURCE: a sosreport directory or tarball, a sos-collector bundle, a "
        "directory of sosreports, a folder of captures, a snapshot JSON file, or 'live'.",
    )
    p_snapshot.add_argument("source")
    p_snapshot.add_argument("-o", "--output", metavar="FILE", help="write the JSON to FILE")
    p_snapshot.add_argument("-p", "--pretty", action="store_true", help="indent the JSON")
    p_snapshot.set_defaults(func=_cmd_snapshot)

    p_show = sub.add_parser("show", help="readable tables of a node's network state")
    p_show.add_argument("source")
    p_show.add_argument("--diagnostics", action="store_true", help="list every diagnostic")
    p_show.add_argument("--sources", action="store_true",
                        help="list the files read and the facts each one fed")
    p_show.set_defaults(func=_cmd_show)

    p_diff = sub.add_parser(
        "diff", help="semantic differences between two nodes' network state",
        description="A and B: any snapshot source (sosreport, folder, snapshot JSON, 'live'); "
        "for a cluster source name the node as SOURCE#HOSTNAME.",
    )
    p_diff.add_argument("a", metavar="A")
    p_diff.add_argument("b", metavar="B")
    p_diff.add_argument("--normalise", "--normalize", action="store_true",
                        help="compare two different nodes: hide each node's own identity "
                        "(hostname, MACs, node IP, pod CIDR, pod veths)")
    p_diff.add_argument("--volatile", action="store_true",
                        help="include volatile facts (counters, lifetimes, learned "
                        "neighbours, individual connections, pod veth names)")
    p_diff.add_argument("--kind", action="append", metavar="KIND",
                        help="only these kinds (interface, address, route, rule, neighbour, "
                        "listener, connection, sysctl, node); repeatable")
    p_diff.add_argument("--json", action="store_true", help="print JSON")
    p_diff.add_argument("-p", "--pretty", action="store_true", help="indent the JSON")
    p_diff.set_defaults(func=_cmd_diff)

    p_check = sub.add_parser(
        "check", help="Kubernetes networking checks across nodes",
        description="SOURCES: a sos-collector bundle, sosreports, folders or snapshot JSON "
        "files; every node found is checked. Exit status 1 when a check finds an error.",
    )
    p_check.add_argument("sources", nargs="+", metavar="SOURCE")
    p_check.add_argument("--role", action="append", metavar="NODE=ROLE",
                         help="set a node's role (control-plane or worker); repeatable")
    p_check.add_argument("--check", action="append", metavar="NAME",
                         help="run only this check; repeatable")
    p_check.add_argument("--json", action="store_true", help="print JSON")
    p_check.add_argument("-p", "--pretty", action="store_true", help="indent the JSON")
    p_check.set_defaults(func=_cmd_check)

    from netfacts.fleet._cli import add_commands as add_fleet_commands

    add_fleet_commands(sub)

    p_detect = sub.add_parser("detect", help="say which command produced a capture")
    p_detect.add_argument("file", nargs="?", default="-")
    p_detect.set_defaults(func=_cmd_detect)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = _parser().parse_args(argv)
    # A short-lived process that builds one large acyclic structure: the cyclic
    # garbage collector would only re-scan it again and again (10-20% of a run).
    gc.disable()
    try:
        status: int = args.func(args)
    except ParseError as exc:
        from netfacts._terminal import printable

        text = str(exc) if exc.source or exc.line else exc.message
        print(f"netfacts: {printable(text, newlines=True)}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        # The reader went away (``netfacts parse FILE | head``): not an error.
        _silence_stdout()
        return 0
    except OSError as exc:
        from netfacts._terminal import printable

        print(printable(f"netfacts: {exc.filename or ''}: {exc.strerror or exc}"),
              file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        gc.enable()
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def run() -> None:
    """The console script: :func:`main`, then exit without tearing the heap down.

    A run over a large capture leaves hundreds of thousands of objects; freeing them one
    by one at interpreter exit only delays the shell prompt, so once the output is
    flushed the process ends at once.
    """
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError:
        status = status or 1
    os._exit(status)

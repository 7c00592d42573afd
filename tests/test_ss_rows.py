"""ss socket rows: the full-row reading and the general reading agree on every capture and
generated listing; rows survive the trip to a ``Socket`` and back.

(On damaged rows the two readings differ, as they did before rows: a cut ``users:((`` is
dropped by the full-row reading and kept as an unknown word by the general one.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given

from conftest import CORPUS, NETNS
from netfacts.models.ss import SS_ROW, SsOutput, SsSocketList, ss_socket_from_row, ss_socket_row
from netfacts.parsers import ss as parser
from netfacts.parsers.ss import parse_ss
from netfacts.testing._strategies_sockets import ss_outputs

PATHS = [
    path
    for path in sorted(CORPUS.glob("ss-*.txt")) + sorted(CORPUS.glob("far_ss-*.txt"))
    + sorted((NETNS / "ss").glob("*.txt"))
    if not path.name.endswith("stderr.txt")
]
TEXTS = [path.read_text(errors="replace") for path in PATHS]


@contextmanager
def _general_reading() -> Iterator[None]:
    parser._FAST = False
    try:
        yield
    finally:
        parser._FAST = True


def _rows(output: SsOutput) -> object:
    sockets = output.sockets
    return sockets.rows if isinstance(sockets, SsSocketList) else tuple(sockets)


def _agree(text: str) -> SsOutput:
    fast = parse_ss(text)
    with _general_reading():
        slow = parse_ss(text)
    assert _rows(fast) == _rows(slow)
    assert [d.render() for d in fast.diagnostics] == [d.render() for d in slow.diagnostics]
    assert fast.record_lines == slow.record_lines
    assert fast.form == slow.form
    return fast


def test_captures_read_the_same_both_ways() -> None:
    assert len(TEXTS) > 30
    count = 0
    for text in TEXTS:
        rows = _rows(_agree(text))
        for row in rows or ():  # type: ignore[attr-defined]
            assert len(row) == len(SS_ROW)
            assert ss_socket_row(ss_socket_from_row(row)) == row
            count += 1
    assert count > 500


@given(ss_outputs())
def test_generated_listings_read_the_same_both_ways(case: tuple[str, SsOutput]) -> None:
    _agree(case[0])


def test_the_extension_table_matches_the_model() -> None:
    """Every scalar field of SsExtensions is read, printed and written through the field
    table of ss's -e words; the others have shapes of their own."""
    import attrs

    from netfacts.grammar.ss import EXTENSION_KEYS
    from netfacts.models.socket import SsExtensions

    own_shapes = {"peers", "netlink", "skmem", "tcp_info", "extra"}
    fields = set(attrs.fields_dict(SsExtensions))
    table = [key.field for key in EXTENSION_KEYS if key.field != "inode"]
    assert len(table) == len(set(table))
    assert set(table) == fields - own_shapes


def test_extension_words_read_by_the_table() -> None:
    """A keyword takes only the values of its kind; any other is kept with the -i words
    (KEY, VALUE), and the UNIX ino:/dev: differ from the Internet ones."""
    head = "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
    tcp = ("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* uid:12 ino:345 sk:ffff8 cgroup:/a "
           "v6only:1 fwmark:0x5 <-> dev:7 uid:x v6only:2 sk:(x)\n")
    unix = ("u_str LISTEN 0 128 /run/a.sock 99 * 0 ino:77 dev:253/1 uid:0\n")
    out = parse_ss(head + tcp + unix)
    inet, local = out.sockets
    assert inet.inode == 345 and inet.ss is not None
    assert (inet.ss.uid, inet.ss.cookie, inet.ss.cgroup, inet.ss.v6only, inet.ss.fwmark,
            inet.ss.shutdown) == (12, "ffff8", "/a", True, "0x5", "<->")
    assert inet.ss.vfs_inode is None and inet.ss.vfs_dev is None
    assert inet.ss.tcp_info == (("dev", "7"), ("uid", "x"), ("v6only", "2"), ("sk", "(x)"))
    assert local.inode == 99 and local.ss is not None
    assert (local.ss.vfs_inode, local.ss.vfs_dev, local.ss.uid) == (77, "253/1", 0)

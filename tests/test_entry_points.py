"""The entry points people try first (issue 10 §5): a wrong ``--as``, ``-q``, models that
print as people write them, a node's addresses by family and scope, ``--version``."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from pathlib import Path

import pytest

import netfacts
from conftest import CORPUS, NETNS, ROOT
from netfacts.testing.sosreport import build_sosreport

ADDR = NETNS / "ip_addr" / "ip_addr.txt"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "netfacts", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


# ---------------------------------------------------------------- the CLI


@pytest.mark.parametrize("pretty", [[], ["-p"]])
def test_the_wrong_kind_gives_one_line_that_names_the_right_one(pretty: list[str]) -> None:
    done = run("parse", *pretty, "--as", "ip-route", ADDR)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"netfacts: {ADDR}: ")
    assert "could not be read as ip-route output" in line
    assert "looks like ip-addr output (try --as ip-addr" in line
    assert run("render", "--as", "ip-route", ADDR).stderr.count("\n") == 1


def test_a_few_bad_lines_are_still_listed_one_by_one(tmp_path: Path) -> None:
    text = ADDR.read_text().replace("valid_lft forever", "valid_lft forevr", 2)
    (tmp_path / "a.txt").write_text(text)
    done = run("parse", "--as", "ip-addr", tmp_path / "a.txt")
    assert done.returncode == 1
    assert done.stderr.count(": error: ") == 2


def test_quiet_is_quiet() -> None:
    done = run("parse", "-q", "--as", "ip-route", ADDR)
    assert (done.returncode, done.stderr) == (1, "")
    assert run("render", "-q", "--as", "ip-route", ADDR).stderr == ""
    done = run("parse", "-q", NETNS / "netstat" / "netstat_-anp.txt")
    assert (done.returncode, done.stderr) == (0, "")


def test_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"netfacts {netfacts.__version__}")


# ---------------------------------------------------------------- models as text


def test_addresses_print_as_ip_addr_shows_them() -> None:
    links = netfacts.parse(ADDR.read_text(), "ip-addr").links
    texts = {str(address) for link in links for address in link.addresses}
    assert {"127.0.0.1/8", "::1/128", "192.168.50.10/24"} <= texts
    tun = netfacts.parse((CORPUS / "ip-6.1__addr.txt").read_text(), "ip-addr").links
    peers = [str(a) for link in tun for a in link.addresses if a.peer is not None]
    assert peers == ["10.99.0.1 peer 10.99.0.2/32", "2001:db8:99::1 peer 2001:db8:99::2/128"]
    assert f"{links[0].addresses[0]}" == "127.0.0.1/8"


def test_routes_print_as_their_ip_route_line() -> None:
    text = (NETNS / "ip_route" / "ip_route.txt").read_text()
    routes = netfacts.parse(text, "ip-route").routes
    lines = text.splitlines()
    single = [r for r in routes if not r.nexthops]
    assert [str(route) for route in single[:3]] == [line.strip() for line in lines[:3]]
    multipath = next(r for r in routes if r.nexthops)
    assert str(multipath) == (
        "10.50.0.0/16 nexthop via 192.168.50.1 dev eth0 weight 1 "
        "nexthop via 10.20.0.2 dev br0 weight 3")
    assert str(multipath.nexthops[0]) == "nexthop via 192.168.50.1 dev eth0 weight 1"
    six = netfacts.parse((NETNS / "ip_route" / "ip_-6_route.txt").read_text(), "ip-route")
    assert str(six.routes[0]) == "2001:db8:20::/64 dev br0 proto kernel metric 256 pref medium"


def test_other_records_print_as_their_command_line() -> None:
    neigh = (CORPUS / "ip-4.9__neigh.txt").read_text().splitlines()
    parsed = netfacts.parse("\n".join(neigh) + "\n", "ip-neigh").neighbours
    assert [str(n) for n in parsed] == [line.strip() for line in neigh if line.strip()]
    rules = (CORPUS / "ip-6.1__rule.txt").read_text().splitlines()
    assert str(netfacts.parse(rules[0] + "\n", "ip-rule").rules[0]) == rules[0].rstrip()
    sysctl = netfacts.parse("net.ipv4.tcp_rmem = 4096\t131072\t6291456\n", "sysctl")
    assert str(sysctl.entries[0]) == "net.ipv4.tcp_rmem = 4096\t131072\t6291456"
    sockets = netfacts.parse((CORPUS / "ss-6.1__-tanpi.txt").read_text(), "ss").sockets
    assert (str(sockets[0].local), str(sockets[0].peer)) == ("127.0.0.53:53", "0.0.0.0:*")
    v6 = next(s for s in sockets if s.local and s.local.ip and s.local.ip.version == 6)
    assert str(v6.local).startswith("[") and "]:" in str(v6.local)


# ---------------------------------------------------------------- a node's addresses


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> netfacts.Snapshot:
    outputs = {
        "ip -d address": (NETNS / "ip_addr" / "ip_-d_addr.txt").read_text(),
        "ip route show table all": (NETNS / "ip_route" / "ip_route_show_table_all.txt")
        .read_text(),
        "ip -6 route show table all": (NETNS / "ip_route" / "ip_-6_route_show_table_all.txt")
        .read_text(),
    }
    return netfacts.load_snapshot(build_sosreport(tmp_path_factory.mktemp("h10p-entry"),
                                                  outputs, hostname="h"))


def test_addresses_by_family_and_scope(node: netfacts.Snapshot) -> None:
    everything = node.addresses()
    assert everything and all(isinstance(pair, tuple) for pair in everything)
    six = node.addresses(family=6, scope="global")
    assert six and all(a.local.version == 6 and a.scope is not None  # type: ignore[union-attr]
                       and a.scope.value == "global" for _, a in six)
    assert six == node.addresses(family="inet6", scope="global")
    expected = [(link, a) for link, a in everything
                if not isinstance(a.local, str) and a.local.version == 6
                and a.scope is not None and a.scope.value == "global"]
    assert six == expected
    eth0 = node.addresses(family=4, interface="eth0")
    assert {str(a) for _, a in eth0} >= {"192.168.50.10/24"}
    with pytest.raises(ValueError):
        node.addresses(family=5)


def test_the_ipv6_node_address_without_a_hand_written_filter(node: netfacts.Snapshot) -> None:
    route = node.default_route(family=6)
    assert route is not None and route.family == 6
    assert node.default_gateway(family=6) == ipaddress.IPv6Address("fe80::ff:fe00:5001")
    address = node.primary_address(family=6)
    assert address is not None and address.local.version == 6  # type: ignore[union-attr]
    assert address.scope is not None and address.scope.value == "global"
    assert str(node.primary_address()) == "192.168.50.10/24"

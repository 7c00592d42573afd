#!/bin/sh
# Capture the rare real forms of fixtures/messy/ inside a throw-away network namespace.
#
#     sh scripts/capture_messy.sh DIR [PREFIX]        (root; PREFIX defaults to nfmessy)
#
# Builds <PREFIX>-r6 with a veth pair, IPv6 routes via a gateway, via a link-local address,
# the kernel's classic "unreachable" prefixes (::/96, ::ffff:0.0.0.0/96 -- printed by
# net-tools as 0.0.0.0/96 -- and 2002:a00::/24) and a default route, and a hosts file
# (/etc/netns/<PREFIX>-r6/hosts, which `ip netns exec` puts in place of /etc/hosts) that
# names the gateways and the node, so that route/netstat without -n print host names and
# "[::]".  Then writes, stdout and stderr together as sos stores them:
#
#     DIR/route_-6_-n.txt  DIR/route_-6.txt  DIR/netstat_-6_-r.txt  DIR/netstat_-6_-rn.txt
#     DIR/netstat_-s.txt   DIR/ip_netns_exec_netstat_failed.txt   DIR/VERSIONS.txt
#
# Everything is removed at the end.  Exit status 77 when it cannot run here.
set -eu
out=${1:?usage: capture_messy.sh DIR [PREFIX]}
prefix=${2:-nfmessy}
ns=$prefix-r6
[ "$(id -u)" = 0 ] || { echo "capture_messy.sh: needs root" >&2; exit 77; }
command -v route >/dev/null && command -v netstat >/dev/null || {
    echo "capture_messy.sh: needs net-tools (route, netstat)" >&2; exit 77; }

cleanup() {
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
}
trap cleanup EXIT INT TERM
cleanup
mkdir -p "$out" "/etc/netns/$ns"
cat > "/etc/netns/$ns/hosts" <<EOF
127.0.0.1 localhost
::1 ip6-localhost ip6-loopback
2001:db8:10::2 gw-a.example.net
2001:db8:10::fe edge-router
2001:db8:10::1 node-1
EOF

ip netns add "$ns"
run() { ip netns exec "$ns" "$@"; }
run ip link set lo up
run ip link add "$prefix-v0" type veth peer name "$prefix-v1"
run ip link set "$prefix-v0" up
run ip link set "$prefix-v1" up
run ip -6 addr add 2001:db8:10::1/64 dev "$prefix-v0" nodad
sleep 1
run ip -6 route add unreachable ::/96 dev lo metric 1024
run ip -6 route add unreachable ::ffff:0.0.0.0/96 dev lo metric 1024
run ip -6 route add unreachable 2002:a00::/24 dev lo metric 1024
run ip -6 route add 2001:db8:99::/48 via 2001:db8:10::2
run ip -6 route add 2001:db8:98::/48 via fe80::1 dev "$prefix-v0"
run ip -6 route add default via 2001:db8:10::fe
sleep 1

capture() {  # name, command...
    name=$1; shift
    run "$@" > "$out/$name.txt" 2>&1 || true
}
capture route_-6_-n route -6 -n
capture route_-6 route -6
capture netstat_-6_-r netstat -6 -r
capture netstat_-6_-rn netstat -6 -rn
capture netstat_-s netstat -s
# `ip netns exec` itself failing: the command is not on PATH
PATH=/nonexistent /usr/sbin/ip netns exec "$ns" netstat -neopa \
    > "$out/ip_netns_exec_netstat_failed.txt" 2>&1 || true
{
    route --version 2>&1 | head -1
    ip -V
    uname -r
} > "$out/VERSIONS.txt"

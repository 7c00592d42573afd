"""Text keyword -> `ip -j` key tables for `ip -d link` kind lines (from iproute2 ip/iplink_*.c)."""
from __future__ import annotations

# Each entry: (text_keyword, json_key, value_kind)
# value_kind is one of:
#   "int"      one token, JSON integer                     e.g. "id 42" -> "id": 42
#   "str"      one token, JSON string (kept as printed)    e.g. "local 192.168.50.10"
#   "hexstr"   one token printed in hex, JSON string as printed,
#              e.g. "port_id 0x8001" -> "id": "0x8001"
#   "hexint"   one token printed as 0x.., JSON integer
#   "float"    one token, JSON float (timers printed "%7.2f": the text has spaces before the
#              number; the tokenizer already splits on runs of spaces)
#   "onoff"    one token "on"/"off", JSON true/false
#   "true"     bare keyword, no value: JSON true
#   "false"    bare keyword, no value: JSON false
#   "range2"   two int tokens -> JSON {"low": a, "high": b}
#   "brackets" a "<A,B,...>" token -> JSON list of strings
#   "list"     everything up to the next known keyword -> JSON list of strings (say in a
#              comment what separates items)
#   "raw"      anything else: describe exactly in a comment (text format and JSON shape)
# Order = the order iproute2 6.1 prints them (text order == JSON order where both exist).
#
# Conventions used below (all checked against iproute2 6.1.0 source, Debian 6.1.0-3):
#   * json_key "a|b": the JSON key is "a" for an IPv4 value and "b" for an IPv6 value
#     (value token contains ':'), e.g. vxlan "remote 2001:db8::1" -> "remote6".
#   * json_key "obj.key": the key lives in a nested JSON object "obj" (bond "ad_info",
#     gre/ipip "encap"); the object opens at its first member.
#   * json_key "": text-only keyword (PRINT_FP); consume its value, emit nothing.  Also
#     listed in TEXT_ONLY_KEYWORDS.
#   * text_keyword "<": not a keyword but a positional token starting with "<" (vlan flags).
#   * "float": iproute2 writes the JSON number verbatim as "%i.%.2i" (jsonw_printf), so
#     "hold_timer    0.00" -> "hold_timer":0.00 and "gc_timer  266.64" -> "gc_timer":266.64;
#     emit the text token unchanged as the JSON number literal (not Python's repr 0.0).
#     (The text format is "%4i.%.2i", i.e. width-4 integer part, not "%7.2f".)
#   * Keys marked "(cond: ...)" are printed only when the condition holds.
#   * JSON object key order == text order, whatever version printed it.  7.x moved some
#     vxlan keys (see below); follow the text, not this table, for output order.
#   * A key in JSON_ONLY_KEYS is synthesised at the position of the table entry with the
#     same json_key when the text does not carry it (value given in the comment there).
#   * Kinds with no print_opt in 6.1 (veth, ifb, dummy, team, team_slave, wireguard and
#     any kind iproute2 has no link_util for) get NO "info_data"/"info_slave_data" key at
#     all.  Kinds WITH a print_opt always get the object, even when empty ({}).
#   * The kind "line" can span several text lines: vlan prints ingress-qos-map and
#     egress-qos-map each on a new line ("\n      ingress-qos-map { ... } "), and the
#     tail attributes (addrgenmode, numtxqueues, ...) follow on the last one.

# ip/link_gre.c gre_print_opt: kinds gre, gretap (and erspan) share it
_GRE: tuple[tuple[str, str, str], ...] = (
    ("external", "external", "true"),          # cond: attribute present
    # always; "any" when unset (JSON "remote": "any"); IPv4 only
    ("remote", "remote", "str"),
    ("local", "local", "str"),                 # always; "any" when unset
    ("dev", "link", "str"),                    # cond: non-zero
    # "ttl 64" -> 64; "ttl inherit" -> "ttl": 0 (JSON always printed)
    ("ttl", "ttl", "raw"),
    ("tos", "tos", "raw"),                     # cond non-zero; "0x10" -> "0x10"; "inherit" -> "0x1"
    ("nopmtudisc", "pmtudisc", "false"),       # pmtudisc on -> JSON-only "pmtudisc": true
    ("ignore-df", "ignore_df", "true"),
    ("ikey", "ikey", "str"),                   # dotted quad "0.0.0.42"
    ("okey", "okey", "str"),
    ("iseq", "iseq", "true"),
    ("oseq", "oseq", "true"),
    ("icsum", "icsum", "true"),
    ("ocsum", "ocsum", "true"),
    ("fwmark", "fwmark", "hexstr"),            # cond: non-zero
    ("erspan_index", "erspan_index", "int"),
    ("erspan_ver", "erspan_ver", "int"),
    ("erspan_dir", "erspan_dir", "str"),       # ingress|egress
    ("erspan_hwid", "erspan_hwid", "hexstr"),
    # cond: encap type not none.  "encap fou|gue|unknown" -> "encap": {"type": "fou"};
    # "unknown" -> "type": null
    ("encap", "encap.type", "raw"),
    ("encap-sport", "encap.sport", "raw"),     # "auto" -> 0, else int
    ("encap-dport", "encap.dport", "int"),
    ("encap-csum", "encap.csum", "true"),
    ("noencap-csum", "encap.csum", "false"),
    ("encap-csum6", "encap.csum6", "true"),
    ("noencap-csum6", "encap.csum6", "false"),
    ("encap-remcsum", "encap.remcsum", "true"),
    ("noencap-remcsum", "encap.remcsum", "false"),
)

KIND_TABLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    # ip/iplink_vxlan.c vxlan_print_opt
    "vxlan": (
        # cond: collect-metadata on. 5.4: then NOTHING else is printed ("vxlan external" ->
        # {"external": true}); 7.x: printed after reserved_bits
        ("external", "external", "true"),
        # "vnifilter" is printed WITHOUT a trailing space (6.1 bug), so it glues onto the next
        # keyword, in practice "vnifilterid 0": split the prefix "vnifilter" off the token.
        ("vnifilter", "vnifilter", "raw"),         # cond: vnifilter on; JSON true
        ("id", "id", "int"),
        # cond: multicast destination; JSON key group (v4) / group6 (v6)
        ("group", "group|group6", "str"),
        ("remote", "remote|remote6", "str"),       # cond: unicast destination, non-zero
        ("local", "local|local6", "str"),          # cond: non-zero
        ("dev", "link", "str"),                    # ifname of the lower device (JSON "link")
        # "srcport 0 0" -> "port_range": {"low": 0, "high": 0}
        ("srcport", "port_range", "range2"),
        ("dstport", "port", "int"),
        # learning on: JSON-only "learning": true (6.1: right after "port"); 7.x: after "external"
        ("nolearning", "learning", "false"),
        ("proxy", "proxy", "true"),                # cond: on (6.1 prints nothing when off)
        ("rsc", "rsc", "true"),
        ("l2miss", "l2miss", "true"),
        ("l3miss", "l3miss", "true"),
        # tos: cond non-zero. "tos 0x10" -> "tos": "0x10" (print_0xhex, string);
        # "tos inherit" -> "tos": "0x1".
        ("tos", "tos", "raw"),
        # ttl: "ttl 64" -> 64; "ttl auto" -> "ttl": 0; "ttl inherit" -> NO "ttl" key at all
        # (TTL_INHERIT is PRINT_FP only).
        ("ttl", "ttl", "raw"),
        # text only for set/inherit; df unset -> JSON-only "df": "unset"
        ("df", "df", "str"),
        # cond: non-zero; "flowlabel 0x1234" -> "label": "0x1234"
        ("flowlabel", "label", "hexstr"),
        ("ageing", "ageing", "raw"),               # "ageing 300" -> 300; "ageing none" -> 0
        ("maxaddr", "limit", "int"),               # cond: non-zero
        # 7.x only (not in 6.1): "reserved_bits 0xf7ffffff000000ff"
        ("reserved_bits", "reserved_bits", "hexstr"),
        # 6.1 always prints udpcsum|noudpcsum; 7.x only "noudpcsum" (default on is JSON-only)
        ("udpcsum", "udp_csum", "true"),
        ("noudpcsum", "udp_csum", "false"),
        ("udp6zerocsumtx", "udp_zero_csum6_tx", "true"),
        ("noudp6zerocsumtx", "udp_zero_csum6_tx", "false"),   # 7.x: not printed (JSON-only false)
        ("udp6zerocsumrx", "udp_zero_csum6_rx", "true"),
        ("noudp6zerocsumrx", "udp_zero_csum6_rx", "false"),   # 7.x: not printed (JSON-only false)
        ("remcsumtx", "remcsum_tx", "true"),       # cond: on
        ("remcsumrx", "remcsum_rx", "true"),       # cond: on
        ("localbypass", "localbypass", "true"),    # 7.x only; default on is JSON-only
        ("nolocalbypass", "localbypass", "false"),  # 7.x only
        ("gbp", "gbp", "true"),                    # cond: attribute present
        ("gpe", "gpe", "true"),                    # cond: attribute present
    ),
    # ip/iplink_bridge.c bridge_print_opt (every key: cond attribute present)
    "bridge": (
        ("forward_delay", "forward_delay", "int"),
        ("hello_time", "hello_time", "int"),
        ("max_age", "max_age", "int"),
        ("ageing_time", "ageing_time", "int"),
        ("stp_state", "stp_state", "int"),
        ("priority", "priority", "int"),
        ("vlan_filtering", "vlan_filtering", "int"),
        # "802.1Q" / "802.1ad" (kernel with VLAN filtering support)
        ("vlan_protocol", "vlan_protocol", "str"),
        ("bridge_id", "bridge_id", "str"),             # "8000.2:0:0:0:20:1"
        ("designated_root", "root_id", "str"),
        ("root_port", "root_port", "int"),
        ("root_path_cost", "root_path_cost", "int"),
        ("topology_change", "topology_change", "int"),
        ("topology_change_detected", "topology_change_detected", "int"),
        ("hello_timer", "hello_timer", "float"),
        ("tcn_timer", "tcn_timer", "float"),
        ("topology_change_timer", "topology_change_timer", "float"),
        # live countdown: separate text/JSON runs differ by ~0.01
        ("gc_timer", "gc_timer", "float"),
        ("fdb_n_learned", "fdb_n_learned", "int"),     # 7.x only
        ("fdb_max_learned", "fdb_max_learned", "int"),  # 7.x only
        ("vlan_default_pvid", "vlan_default_pvid", "int"),
        ("vlan_stats_enabled", "vlan_stats_enabled", "int"),
        ("vlan_stats_per_port", "vlan_stats_per_port", "int"),
        # 6.1: print_0xhex both ways ("0", "0x4000"). 5.4 printed it with print_hex
        # (JSON "%x", no 0x prefix): identical for 0, unverified otherwise.
        ("group_fwd_mask", "group_fwd_mask", "hexstr"),
        ("group_address", "group_addr", "str"),
        ("mcast_snooping", "mcast_snooping", "int"),
        ("no_linklocal_learn", "no_linklocal_learn", "int"),    # 5.6+; cond: bit in boolopt mask
        ("mcast_vlan_snooping", "mcast_vlan_snooping", "int"),  # 5.15+; cond: bit in boolopt mask
        ("mst_enabled", "mst_enabled", "int"),                  # 7.x only
        ("mdb_offload_fail_notification", "mdb_offload_fail_notification", "int"),  # 7.x only
        ("fdb_local_vlan_0", "fdb_local_vlan_0", "int"),        # 7.x only
        ("mcast_router", "mcast_router", "int"),
        ("mcast_query_use_ifaddr", "mcast_query_use_ifaddr", "int"),
        ("mcast_querier", "mcast_querier", "int"),
        ("mcast_hash_elasticity", "mcast_hash_elasticity", "int"),
        ("mcast_hash_max", "mcast_hash_max", "int"),
        ("mcast_last_member_count", "mcast_last_member_cnt", "int"),
        ("mcast_startup_query_count", "mcast_startup_query_cnt", "int"),
        ("mcast_last_member_interval", "mcast_last_member_intvl", "int"),
        ("mcast_membership_interval", "mcast_membership_intvl", "int"),
        ("mcast_querier_interval", "mcast_querier_intvl", "int"),
        ("mcast_query_interval", "mcast_query_intvl", "int"),
        ("mcast_query_response_interval", "mcast_query_response_intvl", "int"),
        ("mcast_startup_query_interval", "mcast_startup_query_intvl", "int"),
        ("mcast_stats_enabled", "mcast_stats_enabled", "int"),
        ("mcast_igmp_version", "mcast_igmp_version", "int"),
        ("mcast_mld_version", "mcast_mld_version", "int"),
        ("nf_call_iptables", "nf_call_iptables", "int"),
        ("nf_call_ip6tables", "nf_call_ip6tables", "int"),
        ("nf_call_arptables", "nf_call_arptables", "int"),
    ),
    # ip/iplink_bridge_slave.c bridge_slave_print_opt (every key: cond attribute present)
    "bridge_slave": (
        # "state forwarding" -> "state": "forwarding"
        # (disabled|listening|learning|forwarding|blocking);
        # unknown state N is printed "state (N)" -> "state_index": N (int).
        ("state", "state", "raw"),
        ("priority", "priority", "int"),
        ("cost", "cost", "int"),
        ("hairpin", "hairpin", "onoff"),
        ("guard", "guard", "onoff"),
        ("root_block", "root_block", "onoff"),
        ("fastleave", "fastleave", "onoff"),
        ("learning", "learning", "onoff"),
        ("flood", "flood", "onoff"),
        ("port_id", "id", "hexstr"),
        ("port_no", "no", "hexstr"),
        ("designated_port", "designated_port", "int"),
        ("designated_cost", "designated_cost", "int"),
        ("designated_bridge", "bridge_id", "str"),
        ("designated_root", "root_id", "str"),
        ("hold_timer", "hold_timer", "float"),
        ("message_age_timer", "message_age_timer", "float"),
        ("forward_delay_timer", "forward_delay_timer", "float"),
        ("topology_change_ack", "topology_change_ack", "int"),
        ("config_pending", "config_pending", "int"),
        ("proxy_arp", "proxy_arp", "onoff"),
        ("proxy_arp_wifi", "proxy_arp_wifi", "onoff"),
        ("mcast_router", "multicast_router", "int"),
        # text-only repeat of "fastleave" (same value); JSON has "fastleave" once
        ("mcast_fast_leave", "", "onoff"),
        ("mcast_flood", "mcast_flood", "onoff"),
        ("bcast_flood", "bcast_flood", "onoff"),     # 5.4 kernels/iproute2 may lack it
        ("mcast_to_unicast", "mcast_to_unicast", "onoff"),
        ("neigh_suppress", "neigh_suppress", "onoff"),
        ("neigh_vlan_suppress", "neigh_vlan_suppress", "onoff"),  # 7.x only
        ("group_fwd_mask", "group_fwd_mask", "hexstr"),  # "0" / "0x4000" (print_0xhex)
        # one token: "0x0" or comma list "stp,lacp,0x8" kept as one string
        ("group_fwd_mask_str", "group_fwd_mask_str", "str"),
        ("vlan_tunnel", "vlan_tunnel", "onoff"),
        ("isolated", "isolated", "onoff"),
        ("locked", "locked", "onoff"),               # 6.0+
        ("mab", "mab", "onoff"),                     # 7.x only (6.2+)
        ("backup_port", "backup_port", "str"),       # ifname
    ),
    "veth": (),      # link_veth.c has no print_opt: no info_data
    # ip/iplink_macvlan.c macvlan_print_opt (macvtap uses the same function)
    "macvlan": (
        # private|vepa|bridge|passthru|source|unknown; if no mode attr nothing at all is printed
        ("mode", "mode", "str"),
        ("nopromisc", "nopromisc", "true"),        # cond: flag set
        ("nodst", "nodst", "true"),                # cond: flag set
        ("bcqueuelen", "bcqueuelen", "int"),       # 5.11+
        ("usedbcqueuelen", "usedbcqueuelen", "int"),  # 5.16+
        # mode source only: "remotes (N) MAC1 MAC2 ... MACN " -> "macaddr_count": N (int; the
        # "(N)" token with parentheses) then "macaddr_data": ["MAC1", ...] (N tokens,
        # whitespace separated, lower-case %.2x MACs; the array only when the kernel sent data).
        ("remotes", "macaddr_count", "raw"),
    ),
    "macvtap": (
        ("mode", "mode", "str"),
        ("nopromisc", "nopromisc", "true"),
        ("nodst", "nodst", "true"),
        ("bcqueuelen", "bcqueuelen", "int"),
        ("usedbcqueuelen", "usedbcqueuelen", "int"),
        ("remotes", "macaddr_count", "raw"),       # as macvlan
    ),
    # ip/iplink_ipvlan.c ipvlan_print_opt (also ipvtap); note the text is " mode %s " (double space)
    "ipvlan": (
        ("mode", "mode", "str"),                   # l2|l3|l3s|unknown
        # exactly one of private/vepa/bridge when the flags attr exists
        ("private", "private", "true"),
        ("vepa", "vepa", "true"),
        ("bridge", "bridge", "true"),
    ),
    # ip/iptuntap.c tun_print_opt
    "tun": (
        ("type", "type", "str"),                   # tun|tap|UNKNOWN:N
        ("pi", "pi", "onoff"),
        ("vnet_hdr", "vnet_hdr", "onoff"),
        # cond: multi-queue on; otherwise JSON-only "multi_queue": false
        ("multi_queue", "multi_queue", "true"),
        ("numqueues", "numqueues", "int"),         # cond: multi_queue on
        ("numdisabled", "numdisabled", "int"),     # cond: multi_queue on
        ("persist", "persist", "onoff"),
        # user/group: a name when getpwuid/getgrgid resolves -> JSON string
        # ("user root" -> "root"), otherwise the number -> JSON int ("user 12345" -> 12345).
        # Rule for text: all digits -> int.
        ("user", "user", "raw"),
        ("group", "group", "raw"),
    ),
    # ip/iplink_vlan.c vlan_print_opt.  Text: "vlan protocol 802.1Q id 100 <REORDER_HDR> "
    "vlan": (
        # "802.1Q"/"802.1ad" as printed ("802.1q" when attr missing)
        ("protocol", "protocol", "str"),
        ("id", "id", "int"),
        # cond: flags attr.  "<REORDER_HDR,GVRP,MVRP,LOOSE_BINDING,BRIDGE_BINDING>" ->
        # "flags": ["REORDER_HDR", ...]; unknown leftover bits appear as one extra item in
        # bare hex ("%x", no 0x); "<>" -> [].
        ("<", "flags", "brackets"),
        # cond: attr present.  On a NEW line: "      ingress-qos-map { 0:1 2:3 } " ->
        # "ingress_qos": [{"from": 0, "to": 1}, {"from": 2, "to": 3}]; tokens "{", "F:T"..., "}";
        # empty map "{ }" -> [].
        ("ingress-qos-map", "ingress_qos", "raw"),
        ("egress-qos-map", "egress_qos", "raw"),    # same shape, on its own new line
    ),
    # ip/iplink_bond.c bond_print_opt (every key: cond attribute present)
    "bond": (
        # balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb|UNKNOWN
        # (same string in JSON)
        ("mode", "mode", "str"),
        ("active_slave", "active_slave", "str"),   # cond: ifindex non-zero; ifname
        ("miimon", "miimon", "int"),
        ("updelay", "updelay", "int"),
        ("downdelay", "downdelay", "int"),
        ("peer_notify_delay", "peer_notify_delay", "int"),  # 5.4+
        ("use_carrier", "use_carrier", "int"),
        ("arp_interval", "arp_interval", "int"),
        ("arp_missed_max", "arp_missed_max", "int"),  # 6.0+
        # cond: >=1 target; ONE token, items separated by "," ("10.0.0.1,10.0.0.2")
        ("arp_ip_target", "arp_ip_target", "list"),
        # 6.0+; cond: >=1 target; ONE token, items separated by ","
        ("ns_ip6_target", "ns_ip6_target", "list"),
        # none|active|backup|all|filter|filter_active|filter_backup; value 0 ("none") is NOT printed
        # in text and is JSON-only "arp_validate": null
        ("arp_validate", "arp_validate", "str"),
        ("arp_all_targets", "arp_all_targets", "str"),    # any|all
        ("primary", "primary", "str"),             # cond: ifindex non-zero; ifname
        ("primary_reselect", "primary_reselect", "str"),  # always|better|failure
        ("fail_over_mac", "fail_over_mac", "str"),        # none|active|follow
        # layer2|layer3+4|layer2+3|encap2+3|encap3+4|vlan+srcmac
        ("xmit_hash_policy", "xmit_hash_policy", "str"),
        ("resend_igmp", "resend_igmp", "int"),
        ("num_grat_arp", "num_peer_notif", "int"),
        ("all_slaves_active", "all_slaves_active", "int"),
        ("min_links", "min_links", "int"),
        ("lp_interval", "lp_interval", "int"),
        ("packets_per_slave", "packets_per_slave", "int"),
        ("lacp_active", "ad_lacp_active", "str"),  # off|on (a string, not a bool); 5.15+
        ("lacp_rate", "ad_lacp_rate", "str"),      # slow|fast
        ("ad_select", "ad_select", "str"),         # stable|bandwidth|count
        # cond: 802.3ad mode (IFLA_BOND_AD_INFO); JSON nested object "ad_info"
        ("ad_aggregator", "ad_info.aggregator", "int"),
        ("ad_num_ports", "ad_info.num_ports", "int"),
        ("ad_actor_key", "ad_info.actor_key", "int"),
        ("ad_partner_key", "ad_info.partner_key", "int"),
        ("ad_partner_mac", "ad_info.partner_mac", "str"),
        ("ad_actor_sys_prio", "ad_actor_sys_prio", "int"),
        ("ad_user_port_key", "ad_user_port_key", "int"),
        ("ad_actor_system", "ad_actor_system", "str"),   # MAC
        ("tlb_dynamic_lb", "tlb_dynamic_lb", "int"),
    ),
    # ip/iplink_bond_slave.c bond_slave_print_opt (every key: cond attribute present)
    "bond_slave": (
        # "ACTIVE"/"BACKUP" -> "state": str; other -> "state N" -> "state_index": N (int)
        ("state", "state", "raw"),
        # UP|GOING_DOWN|DOWN|GOING_BACK -> "mii_status": str; other -> "mii_status_index": N (int)
        ("mii_status", "mii_status", "raw"),
        ("link_failure_count", "link_failure_count", "int"),
        ("perm_hwaddr", "perm_hwaddr", "str"),
        ("queue_id", "queue_id", "int"),
        ("prio", "prio", "int"),                   # 6.0+
        ("ad_aggregator_id", "ad_aggregator_id", "int"),
        ("ad_actor_oper_port_state", "ad_actor_oper_port_state", "int"),
        # text prints the JSON name then " <...> ":
        # "ad_actor_oper_port_state_str <active,aggregating,in_sync> "
        ("ad_actor_oper_port_state_str", "ad_actor_oper_port_state_str", "brackets"),
        ("ad_partner_oper_port_state", "ad_partner_oper_port_state", "int"),
        ("ad_partner_oper_port_state_str", "ad_partner_oper_port_state_str", "brackets"),
    ),
    # ip/iplink_geneve.c geneve_print_opt
    "geneve": (
        ("external", "external", "true"),          # cond: attribute present
        ("id", "id", "int"),
        ("remote", "remote|remote6", "str"),       # cond: non-zero (v6: non-multicast)
        # as vxlan: N -> N; "auto" -> 0; "inherit" -> no "ttl" key
        ("ttl", "ttl", "raw"),
        # as vxlan: cond non-zero; "0x10" -> "0x10"; "inherit" -> "0x1"
        ("tos", "tos", "raw"),
        ("df", "df", "str"),                       # set|inherit; unset -> JSON-only "df": "unset"
        ("flowlabel", "label", "hexstr"),          # cond: non-zero
        ("dstport", "port", "int"),
        ("udpcsum", "udp_csum", "true"),
        ("noudpcsum", "udp_csum", "false"),
        ("udp6zerocsumtx", "udp_zero_csum6_tx", "true"),
        ("noudp6zerocsumtx", "udp_zero_csum6_tx", "false"),
        ("udp6zerocsumrx", "udp_zero_csum6_rx", "true"),
        ("noudp6zerocsumrx", "udp_zero_csum6_rx", "false"),
        ("innerprotoinherit", "inner_proto_inherit", "true"),  # cond: attribute present
    ),
    # ip/iplink_vrf.c
    "vrf": (
        ("table", "table", "int"),
    ),
    "vrf_slave": (
        ("table", "table", "int"),
    ),
    "gre": _GRE,
    "gretap": _GRE,
    # ip/link_iptnl.c iptunnel_print_opt (kinds ipip and sit)
    "ipip": (
        ("external", "external", "true"),          # cond: attribute present
        # cond: proto attr.  A bare positional word, no keyword: "ipip"|"ip6ip"|"mplsip"|"any"
        # -> "proto": that word.  Text e.g. "ipip ipip remote any local any ttl inherit nopmtudisc".
        ("ipip", "proto", "raw"),
        ("ip6ip", "proto", "raw"),
        ("mplsip", "proto", "raw"),
        ("any", "proto", "raw"),
        ("remote", "remote", "str"),               # always; "any" when unset
        ("local", "local", "str"),                 # always; "any" when unset
        ("dev", "link", "str"),                    # cond: non-zero
        ("ttl", "ttl", "raw"),                     # "ttl 64" -> 64; "ttl inherit" -> "ttl": 0
        # cond non-zero; "0x10" -> "0x10"; "inherit" -> "0x1"
        ("tos", "tos", "raw"),
        ("pmtudisc", "pmtudisc", "true"),          # always one of pmtudisc/nopmtudisc
        ("nopmtudisc", "pmtudisc", "false"),
        ("isatap", "isatap", "true"),              # sit only
        # sit 6rd only: "6rd-prefix 2001:db8::/32" -> "prefix": "2001:db8::", "prefixlen": 32 (int)
        ("6rd-prefix", "prefix", "raw"),
        # "6rd-relay_prefix 10.0.0.0/8" -> "relay_prefix": "10.0.0.0", "relay_prefixlen": 8
        ("6rd-relay_prefix", "relay_prefix", "raw"),
        ("fwmark", "fwmark", "hexstr"),            # cond: non-zero
        ("encap", "encap.type", "raw"),            # as gre
        ("encap-sport", "encap.sport", "raw"),
        ("encap-dport", "encap.dport", "int"),
        ("encap-csum", "encap.csum", "true"),
        ("noencap-csum", "encap.csum", "false"),
        ("encap-csum6", "encap.csum6", "true"),
        ("noencap-csum6", "encap.csum6", "false"),
        ("encap-remcsum", "encap.remcsum", "true"),
        ("noencap-remcsum", "encap.remcsum", "false"),
    ),
    "team": (),       # iplink_team.c: no print_opt -> no info_data
    "team_slave": (),  # no print_opt -> no info_slave_data
    "ifb": (),        # no print_opt -> no info_data
    "dummy": (),      # no print_opt -> no info_data
    "wireguard": (),  # no link_util in iproute2 -> no info_data
}

# JSON-only keys (PRINT_JSON, no text counterpart) per kind, in JSON order, so the text->JSON
# converter knows which twin keys the text cannot carry.
# Each is synthesised, when the text lacks its twin keyword, with the value in the comment.
JSON_ONLY_KEYS: dict[str, tuple[str, ...]] = {
    "vxlan": (
        "df",                 # "unset" (when no "df" keyword; attribute is always sent)
        # 7.x (not 6.1): boolean flags are JSON-always, text only when not default; synthesise
        # external false, learning true, proxy/rsc/l2miss/l3miss false, udp_csum true,
        # udp_zero_csum6_tx/rx false, remcsum_tx/rx false, localbypass true.  7.x JSON order:
        # ... ttl, df, ageing, reserved_bits, external, learning, proxy, rsc, l2miss, l3miss,
        # udp_csum, udp_zero_csum6_tx, udp_zero_csum6_rx, remcsum_tx, remcsum_rx, localbypass.
        "external",
        "learning",           # 6.1 too: true when no "nolearning" (6.1 position: after "port")
        "proxy",
        "rsc",
        "l2miss",
        "l3miss",
        "udp_csum",
        "udp_zero_csum6_tx",
        "udp_zero_csum6_rx",
        "remcsum_tx",
        "remcsum_rx",
        "localbypass",
    ),
    "geneve": ("df",),        # "unset"
    "tun": ("multi_queue",),  # false (when no "multi_queue" keyword)
    "bond": ("arp_validate",),  # null (JSON null) when the value is 0 ("none")
    "gre": ("pmtudisc",),     # true (when no "nopmtudisc")
    "gretap": ("pmtudisc",),
}

# Text keywords that appear on the kind line but map to nothing in JSON (PRINT_FP only), per kind.
# (Value-dependent text-only cases are noted in KIND_TABLES: vxlan/geneve "ttl inherit".)
TEXT_ONLY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "bridge_slave": ("mcast_fast_leave",),   # one value token (on/off), duplicate of fastleave
}

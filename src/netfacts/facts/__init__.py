"""Facts derived from parsed outputs (kube-proxy Services from packet-filter rules)."""

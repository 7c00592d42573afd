"""Generated from netfacts.grammar.tc_qdisc: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'backlog': '\\ backlog\\ (?P<backlog>(?:[0-9]+(?:[KMG]?b)))\\ (?P<qlen>(?:[0-9]+))p\\ requeues\\ (?P<requeues2>(?:[0-9]+))(?: ?)',
    'qdisc': 'qdisc\\ (?P<kind>(?:[^\\s:]+))\\ (?P<handle>(?:[0-9a-fA-F]+:))(?:\\ dev\\ (?P<dev>(?:\\S+)))?\\ (?:(?P<root>root)|parent\\ (?P<parent>(?:[0-9a-fA-F]*:[0-9a-fA-F]*)))(?:\\ refcnt\\ (?P<refcnt>(?:[0-9]+)))?(?P<options>(?:(?: .*)?))',
    'sent': '\\ Sent\\ (?P<bytes>(?:[0-9]+))\\ bytes\\ (?P<packets>(?:[0-9]+))\\ pkt\\ \\(dropped\\ (?P<drops>(?:[0-9]+)),\\ overlimits\\ (?P<overlimits>(?:[0-9]+))\\ requeues\\ (?P<requeues>(?:[0-9]+))\\)(?: ?)',
    'xstats': '(?P<text>(?:  \\S.*))',
}

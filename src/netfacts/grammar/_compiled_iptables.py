"""Generated from netfacts.grammar.iptables: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'chain': 'Chain(?:[ \\t]+)(?P<chain>(?:\\S+))(?:[ \\t]+)\\((?:policy(?:[ \\t]+)(?P<policy>(?:[^\\s)]+))(?:(?:[ \\t]+)(?P<packets>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)packets,(?:[ \\t]+)(?P<bytes>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)bytes)?|(?P<references>(?:[0-9]{1,10}))(?:[ \\t]+)references)\\)(?:[ \\t]*)',
    'header': '(?:[ \\t]*)(?:(?P<numbered>num)(?:[ \\t]+))?(?:(?P<counted>pkts)(?:[ \\t]+)bytes(?:[ \\t]+))?target(?:[ \\t]+)prot(?:[ \\t]+)opt(?:[ \\t]+)(?:(?P<via>in)(?:[ \\t]+)out(?:[ \\t]+))?source(?:[ \\t]+)destination(?:[ \\t]*)',
    'row_plain': '(?:[ \\t]*)(?:(?P<target>(?:[^\\s!]\\S*(?=[ \\t]+!?[^\\s!-][^\\s!]*?[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]+))?(?P<protocol_negated>(?:!?))(?P<protocol>(?:[^\\s!-][^\\s!]*?(?=[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]*)(?P<opt>(?:(?:--|-f|!f)))(?:[ \\t]+)(?P<source>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<destination>(?:!?[^\\s!]\\S*))(?P<rest>(?:(?:[ \\t].*)?))',
    'row_plain_numbered': '(?:[ \\t]*)(?P<number>(?:[0-9]{1,10}))(?:[ \\t]+)(?:(?P<target>(?:[^\\s!]\\S*(?=[ \\t]+!?[^\\s!-][^\\s!]*?[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]+))?(?P<protocol_negated>(?:!?))(?P<protocol>(?:[^\\s!-][^\\s!]*?(?=[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]*)(?P<opt>(?:(?:--|-f|!f)))(?:[ \\t]+)(?P<source>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<destination>(?:!?[^\\s!]\\S*))(?P<rest>(?:(?:[ \\t].*)?))',
    'row_verbose': '(?:[ \\t]*)(?P<packets>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<bytes>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?:(?P<target>(?:[^\\s!]\\S*(?=[ \\t]+!?[^\\s!-][^\\s!]*?[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]+))?(?P<protocol_negated>(?:!?))(?P<protocol>(?:[^\\s!-][^\\s!]*?(?=[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]*)(?P<opt>(?:(?:--|-f|!f)))(?:[ \\t]+)(?P<in>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<out>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<source>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<destination>(?:!?[^\\s!]\\S*))(?P<rest>(?:(?:[ \\t].*)?))',
    'row_verbose_numbered': '(?:[ \\t]*)(?P<number>(?:[0-9]{1,10}))(?:[ \\t]+)(?P<packets>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<bytes>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?:(?P<target>(?:[^\\s!]\\S*(?=[ \\t]+!?[^\\s!-][^\\s!]*?[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]+))?(?P<protocol_negated>(?:!?))(?P<protocol>(?:[^\\s!-][^\\s!]*?(?=[ \\t]*(?:--|-f|!f)(?![^ \\t]))))(?:[ \\t]*)(?P<opt>(?:(?:--|-f|!f)))(?:[ \\t]+)(?P<in>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<out>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<source>(?:!?[^\\s!]\\S*))(?:[ \\t]+)(?P<destination>(?:!?[^\\s!]\\S*))(?P<rest>(?:(?:[ \\t].*)?))',
}

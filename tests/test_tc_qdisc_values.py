"""tc qdisc: real captures against their ``tc -j`` twins and the topology that made them.

Truth: ``scripts/capture_hw.py`` (htb with a bfifo and a pfifo leaf and an ingress on
``va0``, tbf at 1mbit on ``dm1`` flooded with 2000 datagrams of 1400 bytes, mq on the
4-queue veth ``vq0``, clsact on ``dm0``) and the ``tc -j`` output taken with each text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import netfacts
from conftest import FIXTURES
from netfacts.detection import detect, kind_from_filename
from netfacts.errors import ParseError
from netfacts.jsonio.tc_qdisc import tc_qdisc_to_json
from netfacts.models.tc import TcQdiscOutput
from netfacts.parsers.tc_qdisc import parse_tc_qdisc
from netfacts.renderers.tc_qdisc import render_tc_qdisc

TC = FIXTURES / "netns_hw" / "tc"
TWINS = sorted(TC.glob("*.json"))


@pytest.mark.parametrize("path", TWINS, ids=lambda p: p.name)
def test_json_twins_and_rendering(path: Path) -> None:
    text = path.with_suffix(".txt").read_text()
    output = parse_tc_qdisc(text)
    assert output.diagnostics == ()
    assert tc_qdisc_to_json(output) == json.loads(path.read_text())
    assert render_tc_qdisc(output) == text


def test_every_form_has_a_twin() -> None:
    assert len(TWINS) == 9


def test_the_qdiscs_the_script_built() -> None:
    output = parse_tc_qdisc((TC / "tc_-s_qdisc_show.txt").read_text())
    kinds = {(q.dev, q.kind) for q in output.qdiscs}
    assert {("va0", "htb"), ("va0", "bfifo"), ("va0", "pfifo"), ("va0", "ingress"),
            ("dm1", "tbf"), ("vq0", "mq"), ("dm0", "clsact"), ("dm2", "pfifo_fast")} <= kinds
    tbf = next(q for q in output.qdiscs if q.kind == "tbf")
    assert tbf.stats is not None and tbf.stats.drops > 0 and tbf.stats.overlimits > 0
    assert tbf.root and tbf.refcnt is not None
    children = [q for q in output.qdiscs if q.dev == "vq0" and q.kind == "pfifo_fast"]
    assert sorted(q.parent or "" for q in children) == ["1:1", "1:2", "1:3", "1:4"]
    ingress = next(q for q in output.qdiscs if q.kind == "ingress")
    assert ingress.parent == "ffff:fff1" and ingress.options == "----------------"


def test_show_dev_leaves_the_device_out() -> None:
    path = TC / "tc_-s_qdisc_show_dev_va0.txt"
    found = kind_from_filename(str(path))
    assert found is not None and found.kind == "tc-qdisc" and found.hints == {"dev": "va0"}
    output = netfacts.parse(path.read_text(), source=str(path))
    assert isinstance(output, TcQdiscOutput)
    assert output.dev == "va0" and all(q.dev is None for q in output.qdiscs)
    assert len(output.for_dev("va0")) == 4


def test_source_written_fq_codel_and_netem() -> None:
    text = (TC / "from_source" / "tc_-s_qdisc_show.txt").read_text()
    output = parse_tc_qdisc(text)
    assert output.diagnostics == () and render_tc_qdisc(output) == text
    data = tc_qdisc_to_json(output)
    assert data[0]["options"]["target"] == 5000 and data[0]["options"]["ecn"] is True
    assert data[0]["new_flow_count"] == 321
    assert data[1]["options"]["delay"] == "1ms 100us"  # unknown layout kept as text


def test_one_garbled_line_loses_only_its_record_part() -> None:
    lines = (TC / "tc_-s_qdisc_show.txt").read_text().splitlines()
    lines[3] = "qdisc bfifo 10 dev va0 parent 1:10 limit 30000b"  # the handle's colon lost
    output = parse_tc_qdisc("\n".join(lines) + "\n")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert errors and errors[0].line == 4
    whole = parse_tc_qdisc((TC / "tc_-s_qdisc_show.txt").read_text())
    assert len(output.qdiscs) == len(whole.qdiscs) - 1
    with pytest.raises(ParseError):
        parse_tc_qdisc("\n".join(lines) + "\n", strict=True)


@pytest.mark.parametrize("name", ["sos_commands/networking/tc_-s_qdisc_show",
                                  "tc_qdisc_show", "tc_-s_-d_qdisc_show"])
def test_sos_names(name: str) -> None:
    found = kind_from_filename(name)
    assert found is not None and found.kind == "tc-qdisc"


def test_filter_and_class_files_are_not_claimed() -> None:
    assert kind_from_filename("sos_commands/networking/tc_-s_filter_show_dev_eth0") is None


def test_detected_by_content() -> None:
    assert detect((TC / "tc_qdisc_show.txt").read_text()).kind == "tc-qdisc"


def test_a_qdisc_line_pasted_with_a_blank_in_front_takes_no_neighbour_s_lines() -> None:
    """The statistics under an unreadable (indented) qdisc line are not the qdisc above's
    (found by the one-garbled-line property test)."""
    text = ("qdisc noqueue 0: dev lo root refcnt 2 \n"
            " Sent 0 bytes 0 pkt (dropped 0, overlimits 0 requeues 0) \n"
            " backlog 0b 0p requeues 0\n"
            " htb 1: dev va0 root refcnt 3 r2q 10 default 0x10 direct_packets_stat 0\n"
            " Sent 102282 bytes 106 pkt (dropped 527, overlimits 77 requeues 0) \n"
            " backlog 0b 0p requeues 0\n")
    clean = parse_tc_qdisc(text.split(" htb", 1)[0])
    out = parse_tc_qdisc(text)
    assert out.qdiscs == clean.qdiscs
    assert [d.line for d in out.diagnostics if d.severity.value == "error"][:1] == [4]

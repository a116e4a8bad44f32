"""Hand-written news shared by the command-line tests: two reports of one strike from two
outlets and an unrelated product recall, all invented."""

import pytest

from storyweave.cli import main
from storyweave.model import Claim, Contradiction, Support

STRIKE = """---
title: Dockers walk out at Calder port
source: Calder Daily
published: 2026-03-14
---
Dock workers at the port of Calder walked out at dawn on Saturday, two days after a crane
collapsed onto a cargo ship and injured fourteen people. The dockers' union, led by Renata
Kvist, demands an independent audit of every crane before work resumes. Transport minister
Jonas Ebbe rejected the demand and said the state inspectorate would check the cranes within
thirty days. Shipping lines said they were diverting vessels to the port of Almsund.
"""
STRIKE_2 = """---
title: Calder strike enters second day as minister refuses audit
source: Coast Courier
published: 2026-03-15
---
The strike at Calder port entered its second day on Sunday. Union leader Renata Kvist told
reporters the dockers would stay out until an independent engineer inspected the cranes that
failed on Thursday. Minister Jonas Ebbe repeated that the state inspectorate was enough and
warned that the port loses millions each day it stays closed. Vessels are queuing at Almsund.
"""
RECALL = """---
title: Vellmark recalls Aero headphones over battery fires
source: Gadget Ledger
published: 2026-03-15
---
Vellmark is recalling 40,000 Aero wireless headphones after reports that the battery can
overheat while charging. Chief executive Tilda Nore said customers should stop using the
headphones and would receive a full refund. The company traced the fault to one battery
supplier and has halted production of the model until a new supplier is found.
"""


@pytest.fixture
def corpus(tmp_path):
    """A folder with the three articles above."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "calder-daily.txt").write_text(STRIKE, encoding="utf-8")
    (folder / "coast-courier.txt").write_text(STRIKE_2, encoding="utf-8")
    (folder / "gadget-ledger.txt").write_text(RECALL, encoding="utf-8")
    return folder


@pytest.fixture
def run_cli(capsys):
    """Run `storyweave ARGS...`; returns (exit status, stdout, stderr)."""

    def run(*args):
        with pytest.raises(SystemExit) as exit_info:
            main([*args])
            raise SystemExit(0)
        out = capsys.readouterr()
        return exit_info.value.code or 0, out.out, out.err

    return run


DISPUTE_REASON = "different figures for the same count (injured): 21 dockworkers vs 14 people"


def _support(article, text):
    return Support(article, 0, len(text), text)


@pytest.fixture
def disputed_claims():
    """Three disputed claims: two outlets say 14 injured, one says 21."""
    fourteen_a = _support("wire", "A crane collapse injured 14 people on Thursday.")
    fourteen_b = _support(
        "daily", "Dockers walked out two days after a collapse injured 14 people."
    )
    twenty_one = _support("tide", "In that collapse, 21 dockworkers were injured.")

    def claim(cid, support, against):
        return Claim(
            id=cid,
            text=support.text,
            status="disputed",
            support=(support,),
            independent_sources=1,
            contradicts=tuple(
                Contradiction(other, DISPUTE_REASON, support, theirs) for other, theirs in against
            ),
        )

    return [
        claim("c1", fourteen_a, [("c3", twenty_one)]),
        claim("c2", fourteen_b, [("c3", twenty_one)]),
        claim("c3", twenty_one, [("c1", fourteen_a), ("c2", fourteen_b)]),
    ]

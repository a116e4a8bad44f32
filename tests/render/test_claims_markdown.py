"""The claim sections of the Markdown brief."""

import dataclasses

from storyweave.analyse.disputes import merge_disputes
from storyweave.render.claims_markdown import claim_lines

from .sample import sample_brief


def test_the_disputed_section_lists_each_disagreement_once_with_both_sides(disputed_claims):
    claims = tuple(disputed_claims)
    brief = dataclasses.replace(
        sample_brief(), claims=claims, disputes=tuple(merge_disputes(claims))
    )
    lines = claim_lines(brief)
    section = lines[lines.index("## Disputed") :]
    assert sum(1 for line in section if line.startswith("- different figures")) == 1
    assert sum("21 dockworkers were injured" in line for line in section) == 1
    assert any(line.lstrip().startswith("- *against:*") for line in section)

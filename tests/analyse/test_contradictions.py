"""Contradictions: each is one a careful reader accepts, both sides cited, with a reason."""

from storyweave.analyse.claim_analysis import analyse_claims


def disputes(result):
    return [
        (g.id, other, reason, mine.article, theirs.article)
        for g in result.groups
        for other, reason, mine, theirs in g.contradicts
        if g.id < other
    ]


def test_different_counts_of_the_same_casualties(annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "Nine people were killed in the flood, the fire service said."),
        ("b", "Coast Post", "Twelve people died in the flooding, according to the fire service."),
    )
    found = disputes(analyse_claims(story, embedder))
    assert len(found) == 1
    assert "9 people vs 12 people" in found[0][2] or "12 people vs 9 people" in found[0][2]
    assert {found[0][3], found[0][4]} == {"a", "b"}


def test_each_side_tells_the_dispute_with_its_own_figure_first(annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "Nine people were killed in the flood, the fire service said."),
        ("b", "Coast Post", "Twelve people died in the flooding, according to the fire service."),
    )
    result = analyse_claims(story, embedder)
    for group in result.groups:
        for _, reason, mine, _ in group.contradicts:
            own = {"a": "9 people", "b": "12 people"}[mine.article]
            assert reason.endswith(f": {own} vs " + ({"9 people", "12 people"} - {own}).pop())


def test_continue_versus_stop_for_the_same_actor(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "The utility Brenmoor Hydro said it would continue releasing water from the reservoir.",
        ),
        (
            "b",
            "Coast Post",
            "Brenmoor Hydro will stop releasing water from the reservoir on Friday, "
            "a spokeswoman said.",
        ),
    )
    result = analyse_claims(story, embedder)
    (found,) = disputes(result)
    assert "continue" in found[2] and "stop" in found[2]
    assert all(g.status == "disputed" for g in result.groups if g.contradicts)


def test_confirmed_versus_neither_confirmed_nor_denied(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "Orvania's foreign ministry confirmed that the talks would take place in Geneva.",
        ),
        (
            "b",
            "Lakeside",
            "Orvania's foreign ministry neither confirmed nor denied that the talks would "
            "take place in Geneva.",
        ),
    )
    (found,) = disputes(analyse_claims(story, embedder))
    assert found[2].startswith("negation")


def test_titles_of_one_person_at_different_moments_are_not_disputed(annotate_story, embedder):
    # A returning leader is former and -elect at once; a past act is told with the title held
    # then, beside "former" for today.
    story = annotate_story(
        (
            "a",
            "Meridian",
            "Prime Minister-elect Ada Venn said she would attend the talks in person.",
        ),
        (
            "b",
            "Eastern",
            "Former Prime Minister Ada Venn said she would attend the talks in person.",
        ),
        ("c", "Northern", "In 2019 Prime Minister Ada Venn signed the border treaty."),
    )
    assert disputes(analyse_claims(story, embedder)) == []


def test_a_forecast_is_not_disputed_by_the_result(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "400,000 people filed claims for benefits, economists had forecast.",
        ),
        ("b", "Coast Post", "380,000 people filed claims for benefits, the ministry said."),
    )
    assert disputes(analyse_claims(story, embedder)) == []


def test_counts_for_different_weeks_are_not_disputed(annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "In the previous week 420,000 people filed claims for benefits."),
        ("b", "Coast Post", "This week 380,000 people filed claims for benefits."),
    )
    assert disputes(analyse_claims(story, embedder)) == []


def test_two_sizes_are_not_a_disputed_count(annotate_story, embedder):
    story = annotate_story(
        ("a", "Gadget Ledger", "The laptop screen measures 16 inches."),
        ("b", "Tech Post", "The laptop screen measures 15 inches."),
    )
    assert disputes(analyse_claims(story, embedder)) == []


def test_a_count_on_a_named_day_still_disputes_the_same_count(annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "Nine people were killed in the flood on Wednesday."),
        ("b", "Coast Post", "Twelve people died in the flooding, according to the fire service."),
    )
    assert len(disputes(analyse_claims(story, embedder))) == 1


def test_statements_that_can_both_be_true_are_not_contradictions(annotate_story, embedder):
    story = annotate_story(
        ("a", "Meridian", "A spokesman for Talsk said the government is open to talks."),
        (
            "b",
            "Lakeside",
            "A spokesman for Talsk said Orvania has not formally requested a meeting.",
        ),
        ("c", "Eastern", "Talsk said 40 soldiers were captured in the fighting on Monday."),
        ("d", "Harbour", "At least 45 soldiers were captured in the fighting, officials said."),
    )
    assert disputes(analyse_claims(story, embedder)) == []


def test_a_copy_never_contradicts_its_original(annotate_story, embedder):
    story = annotate_story(
        ("a", "Wire", "Nine people were killed in the flood."),
        ("b", "Paper", "Twelve people were killed in the flood.", "a"),
    )
    # Ingest only marks near-identical texts as copies; the point is that one report is not
    # set against itself.
    assert disputes(analyse_claims(story, embedder)) == []


def test_a_report_another_outlet_says_was_denied_is_disputed_with_both_sides(
    annotate_story, embedder
):
    # No word list names this kind of dispute: the refuting verb and the stance model decide.
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "Norwegian Defence Minister Eva Lund said she had sent two frigates to the Danish "
            "coast on Sunday.",
        ),
        (
            "b",
            "Coast Post",
            "Norwegian officials have denied sending frigates to the Danish coast, and the navy "
            "said its ships stayed in port.",
        ),
    )
    result = analyse_claims(story, embedder)
    (found,) = disputes(result)
    assert found[2].startswith("refuted")
    assert {found[3], found[4]} == {"a", "b"}
    disputed = [c for c in result.claims if c.contradicts]
    assert len(disputed) == 2 and all(c.status == "disputed" for c in disputed)
    side = disputed[0].contradicts[0]
    assert "had sent two frigates" in side.this.text + side.other.text
    assert "have denied" in side.this.text + side.other.text


def test_a_denial_of_something_else_is_not_a_dispute(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "Norwegian Prime Minister Eva Lund said she had met Danish Prime Minister Mads Holm "
            "on Sunday.",
        ),
        (
            "b",
            "Coast Post",
            "Norwegian Prime Minister Eva Lund denied any wrongdoing in the tender for the new "
            "port.",
        ),
    )
    assert disputes(analyse_claims(story, embedder)) == []

"""The cited summary: chosen sentences, their citations, and what we don't know."""

import re

from storyweave.analyse.summary import SummaryConfig, encoder, summarise
from storyweave.analyse.support import content_words
from storyweave.model import AnnotatedArticle, Article, Claim, Sentence

encode = encoder(None)  # the lexical embedder: no model to load


def annotated(article_id, source, text, duplicate_of=None, title=None):
    sentences = tuple(
        Sentence(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]+[\"”]?", text)
    )
    sentences = tuple(
        Sentence(s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip()), s.end)
        for s in sentences
    )
    article = Article(
        id=article_id, text=text, source=source, title=title, duplicate_of=duplicate_of
    )
    return AnnotatedArticle(article=article, sentences=sentences)


WIRE = (
    "Dock workers at the port of Calder walked out on Saturday after a crane collapse injured "
    "fourteen people on Thursday. The dockers' union demands an independent audit of every crane "
    "before work resumes. Transport minister Jonas Ebbe rejected the demand for an independent "
    "audit on Friday. He said the state inspectorate would check every crane within thirty days. "
    "The port handles a third of the country's container trade."
)
DAILY = (
    "A crane collapse on Thursday injured fourteen people at the port of Calder, and dock workers "
    "walked out on Saturday. Minister Jonas Ebbe rejected the union's demand for an independent "
    "audit of the cranes. Shipping lines said they were diverting vessels to the port of Almsund. "
    "Union leader Renata Kvist said the strike would continue until the audit begins."
)
COURIER = (
    "The strike at Calder port entered its second day on Sunday after the crane collapse that "
    "injured fourteen people. Union leader Renata Kvist said the strike would continue until an "
    "independent audit of the cranes begins. Vessels are queuing at the port of Almsund as "
    "shipping lines divert their ships. The harbour master said nine ships had been turned away "
    "since Saturday morning."
)


def story(with_copy=False):
    members = [
        annotated("wire", "Calder Wire", WIRE, title="Calder dockers strike after crane collapse"),
        annotated("daily", "Calder Daily", DAILY, title="Dockers walk out at Calder port"),
        annotated("courier", "Coast Courier", COURIER, title="Calder strike enters second day"),
    ]
    if with_copy:
        members.append(annotated("reprint", "Reprint Times", WIRE, duplicate_of="wire"))
    return members


def test_every_sentence_cites_the_exact_span_it_was_taken_from():
    members = story()
    texts = {m.id: m.article.text for m in members}
    result = summarise(members, encode)
    # Three short reports of one event: a lead of two or three sentences.
    assert 2 <= len(result.summary) <= 3
    for item in result.summary:
        first = item.citations[0]
        # The sentence's own span, or the part of it kept when a trailing aside was cut.
        assert texts[first.article][first.start : first.end].rstrip(".") == item.text.rstrip(".")
        # Further citations are the same point in other reports: they share its content words.
        for other in item.citations[1:]:
            cited = texts[other.article][other.start : other.end]
            assert other.article != first.article
            shared = content_words(cited) & content_words(item.text)
            assert len(shared) >= 3, (item.text, cited)


def test_points_several_reports_carry_come_first_and_cite_them_all():
    result = summarise(story(), encode)
    first = result.summary[0]
    assert first.reports >= 2 and first.status == "corroborated"
    assert len({c.article for c in first.citations}) >= 2
    assert "fourteen" in first.text or "audit" in first.text


def test_no_two_sentences_make_the_same_point():
    result = summarise(story(), encode)
    words = [content_words(item.text) for item in result.summary]
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            overlap = len(words[i] & words[j]) / min(len(words[i]), len(words[j]))
            assert overlap < 0.8, (result.summary[i]["text"], result.summary[j]["text"])


def test_two_wordings_of_the_same_count_are_one_point():
    # Few shared words, so only the count says they are the same fact.
    members = [
        annotated(
            "wire",
            "Calder Wire",
            "A crane toppled at Calder port on Thursday, injuring 14 people, three of them "
            "seriously. Dockers walked out on Saturday and demand an audit of every crane.",
        ),
        annotated(
            "daily",
            "Calder Daily",
            "Fourteen people were hurt in Thursday's accident; three remain in intensive care at "
            "St Aldric's. The dockers' strike closed every berth on Saturday morning.",
        ),
    ]
    texts = [item.text for item in summarise(members, encode).summary]
    assert len([t for t in texts if "14" in t or "Fourteen" in t]) == 1, texts


def test_a_sentence_opening_with_a_pronoun_follows_its_antecedent_or_is_left_out():
    result = summarise(story(), encode)
    texts = [item.text for item in result.summary]
    for position, text in enumerate(texts):
        if text.startswith("He "):
            assert position > 0 and "Ebbe" in texts[position - 1]


def test_a_copy_adds_no_independent_report():
    plain = summarise(story(), encode)
    copied = summarise(story(with_copy=True), encode)
    assert [i.text for i in plain.summary] == [i.text for i in copied.summary]
    cited = {c.article for item in copied.summary for c in item.citations}
    assert "reprint" not in cited


def test_claims_put_corroborated_points_first_and_show_both_sides_of_a_dispute():
    members = story()
    wire_audit = WIRE.index("The dockers' union demands")
    harbour = COURIER.index("The harbour master")
    ships_daily = DAILY.index("Shipping lines said")
    claims = [
        {
            "id": "c1",
            "text": "The dockers' union demands an independent audit",
            "status": "corroborated",
            "independent_sources": 3,
            "support": [{"article": "wire", "start": wire_audit, "end": wire_audit + 40}],
            "contradicts": [],
        },
        {
            "id": "c2",
            "text": "nine ships had been turned away",
            "status": "disputed",
            "independent_sources": 1,
            "support": [{"article": "courier", "start": harbour, "end": harbour + 60}],
            "contradicts": [{"claim": "c3", "reason": "different figures"}],
        },
        {
            "id": "c3",
            "text": "Shipping lines said they were diverting vessels",
            "status": "disputed",
            "independent_sources": 1,
            "support": [{"article": "daily", "start": ships_daily, "end": ships_daily + 40}],
            "contradicts": [{"claim": "c2", "reason": "different figures"}],
        },
    ]
    result = summarise(members, encode, typed(claims, members))
    texts = [item.text for item in result.summary]
    assert any(t.startswith("The dockers' union demands") for t in texts)
    assert any(t.startswith("The harbour master") for t in texts)
    assert any(t.startswith("Shipping lines said") for t in texts)
    disputed = [u for u in result.unknown if u.kind == "disputed"]
    assert disputed and set(disputed[0].claims) == {"c2", "c3"}
    assert len(result.unknown) <= SummaryConfig().max_unknown


def typed(claims, members):
    """Claims written as the contract's JSON, made typed: support spans get their words, and a
    contradiction cites the first sentence of each side."""
    texts = {m.id: m.article.text for m in members}
    by_id = {}
    for claim in claims:
        for span in claim["support"]:
            span.setdefault("text", texts[span["article"]][span["start"] : span["end"]])
        by_id[claim["id"]] = claim
    for claim in claims:
        for other in claim["contradicts"]:
            other.setdefault("this", claim["support"][0])
            other.setdefault("other", by_id[other["claim"]]["support"][0])
    return [Claim.from_json(c) for c in claims]


def test_nothing_to_summarise_gives_an_empty_summary():
    assert summarise([], encode).summary == ()
    headline_only = annotated("a", "X", "Breaking news")
    assert summarise([headline_only], encode).summary == ()


FEATURE = (
    "Mara Lind had been mending nets on the Calder quay for thirty years when she heard the "
    "crane's cable snap above her head. "
    "She ran, and she still dreams about the sound. "
    "A crane collapse at Calder port injured fourteen people on Thursday, and dock workers "
    "walked out on Saturday. "
    "The union wants an independent audit of every crane in the port."
)
HERALD = (
    "A crane collapse at the port of Calder on Thursday injured fourteen people, the port "
    "authority said. "
    "Dock workers walked out on Saturday and closed every berth. "
    "The union is demanding an independent audit of every crane in the port. "
    "Local cafes say trade has halved since the strike began."
)


def test_the_summary_leads_with_the_event_several_reports_carry_not_a_feature_lede():
    members = [
        annotated("feature", "Calder Weekly", FEATURE, title="The day the cable snapped"),
        annotated("herald", "Calder Herald", HERALD, title="Crane collapse injures 14 in Calder"),
        annotated("wire", "Calder Wire", WIRE, title="Calder dockers strike after crane collapse"),
        annotated("daily", "Calder Daily", DAILY, title="Dockers walk out at Calder port"),
    ]
    result = summarise(members, encode)
    lede = result.summary[0].text
    assert "Mara Lind" not in lede
    assert "crane collapse" in lede.lower() or "crane" in lede.lower()
    assert result.summary[0].status == "corroborated"
    assert not any("had been mending" in item.text for item in result.summary[:2])


def test_sentences_carrying_the_same_corroborated_claim_are_not_both_chosen():
    members = story()
    strike = [
        ("wire", WIRE.index("Dock workers at the port"), WIRE.index(" The dockers' union")),
        ("daily", DAILY.index("A crane collapse"), DAILY.index(" Minister Jonas")),
        ("courier", COURIER.index("The strike at Calder"), COURIER.index(" Union leader")),
    ]
    claims = [
        {
            "id": "c1",
            "text": "Dock workers walked out after a crane collapse injured fourteen people",
            "status": "corroborated",
            "independent_sources": 3,
            "support": [{"article": a, "start": s, "end": e} for a, s, e in strike],
            "contradicts": [],
        }
    ]
    result = summarise(members, encode, typed(claims, members))
    carrying = [
        item
        for item in result.summary
        if any(
            c.article == a and c.start <= s < c.end
            for c in item.citations[:1]
            for a, s, _ in strike
        )
    ]
    assert len(carrying) == 1, [item.text for item in result.summary]


def _with_fragments(article_id, source, text, title=None):
    """Like `annotated`, but a last sentence cut off without a full stop is a sentence too."""
    spans = [
        (m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
        for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"”]?|$)", text)
        if m.group().strip()
    ]
    article = Article(id=article_id, text=text, source=source, title=title)
    return AnnotatedArticle(article=article, sentences=tuple(Sentence(s, e) for s, e in spans))


# Feeds and teasers cut the opening paragraph off mid-sentence.
CUT_OFF = {
    "herald": "Fire crews contained the blaze at the Orrin chemical plant on Tuesday night, "
    "after a tank of solvent exploded and injured six workers who were loading a tanker in",
    "wire": "Fire crews contained the blaze at the Orrin chemical plant on Tuesday night, the "
    "county fire service said, after a solvent tank exploded and injured six workers at the",
    "daily": "A solvent tank exploded at the Orrin chemical plant on Tuesday, injuring six "
    "workers, and fire crews contained the blaze by night, officials said as residents were",
}


def test_a_report_cut_off_mid_sentence_still_gives_its_lead_up_to_a_clause_boundary():
    members = [_with_fragments(a, f"{a.title()} News", t) for a, t in CUT_OFF.items()]
    texts = {m.id: m.article.text for m in members}
    result = summarise(members, encode)
    assert result.summary, "the cut-off opening sentences are the whole story"
    lead = result.summary[0]
    assert lead.text.endswith(".") and "chemical plant" in lead.text
    for item in result.summary:
        first = item.citations[0]
        cited = texts[first.article][first.start : first.end]
        # The sentence stops at a comma or clause opener, before the cut-off words, and its
        # citation covers exactly the words kept.
        assert cited == item.text[:-1]
        assert not cited.endswith((" in", " the", " were"))


def test_a_wire_dateline_is_left_out_of_the_sentence_and_its_citation():
    text = (
        "ORRIN, Westland (Lanthorn) — A solvent tank exploded at the Orrin chemical plant on "
        "Tuesday and injured six workers. Fire crews contained the blaze by night."
    )
    result = summarise([annotated("wire", "Lanthorn", text)], encode)
    lead = result.summary[0]
    assert lead.text.startswith("A solvent tank exploded"), lead.text
    assert text[lead.citations[0].start :].startswith("A solvent tank exploded")


def test_a_sentence_that_is_all_quotation_is_not_a_summary_sentence():
    quoted = (
        "“We have never seen a fire spread through a plant this fast, and we were lucky.” "
        "A solvent tank exploded at the Orrin chemical plant on Tuesday and injured six workers."
    )
    other = (
        "Six workers were injured when a solvent tank exploded at the Orrin chemical plant. "
        "“We have never seen a fire spread through a plant this fast, and we were lucky.”"
    )
    members = [annotated("a", "Orrin Daily", quoted), annotated("b", "Westland Post", other)]
    texts = [item.text for item in summarise(members, encode).summary]
    assert texts and not any(t.startswith("“") for t in texts), texts


def _long_report(n, source):
    facts = [
        f"The fire at the Orrin chemical plant on Tuesday injured six workers and forced the "
        f"county to close two roads and a school near the plant, report {n} said.",
        "A solvent tank exploded while six workers were loading a tanker at the Orrin plant, "
        "and the flames spread to a warehouse that held packaging and spare pumps.",
        "Fire crews from three counties contained the blaze at the Orrin plant by midnight, "
        "and the county ordered residents to keep their windows closed overnight.",
        "Inspectors from the national safety board will examine the exploded solvent tank "
        "this week, and the plant's owner, Westland Chemicals, halted production for a month.",
        "Two of the injured workers remain in the Orrin hospital with burns, and the union "
        "said it had warned Westland Chemicals about the solvent tanks in March.",
    ]
    return annotated(f"r{n}", source, " ".join(facts[n % 2 :] + facts[: n % 2]))


def test_longer_reports_get_a_longer_lead():
    short = [
        annotated(a, f"{a.title()} News", t.rsplit(",", 1)[0] + ".") for a, t in CUT_OFF.items()
    ]
    long = [_long_report(n, s) for n, s in enumerate(("Orrin Daily", "Westland Post", "Wire"))]
    short_words = sum(len(i.text.split()) for i in summarise(short, encode).summary)
    long_words = sum(len(i.text.split()) for i in summarise(long, encode).summary)
    # Three reports: still two or three sentences, but longer ones may be kept whole.
    assert long_words > 55 and long_words > short_words + 15, (short_words, long_words)


def test_a_long_sentence_is_not_cut_inside_a_list_or_after_a_dangling_word():
    listing = (
        "The union set out three demands when it announced the strike at the Orrin chemical "
        "plant on Friday: an independent audit of all the solvent tanks in the plant, carried "
        "out by engineers appointed jointly with the union; the suspension of a night shift in "
        "which two workers run the loading bay alone; and full pay for the injured workers for "
        "as long as they are unable to work."
    )
    members = [
        annotated("a", "Orrin Daily", listing + " A solvent tank exploded at the plant."),
        annotated("b", "Westland Post", listing + " Six workers were injured at the plant."),
    ]
    for item in summarise(members, encode).summary:
        assert ":" not in item.text and ";" not in item.text, item.text
        assert not item.text.endswith((" in.", " the.", " of.")), item.text


def test_a_dispute_side_already_counted_by_the_lead_is_shown_by_it_and_the_other_side_added():
    first = (
        "A crane collapse at Calder port on Thursday injured fourteen people, and dock workers "
        "walked out on Saturday. Fourteen people were hurt in the collapse, three of them "
        "seriously."
    )
    second = (
        "The strike is the first at the port in a decade, union leaders said on Sunday. "
        "By the union's count, 21 dockworkers needed treatment, five in intensive care."
    )
    third = (
        "Thursday's crane collapse at Calder port injured fourteen people before dock workers "
        "walked out on Saturday."
    )
    members = [
        annotated("a", "Calder Wire", first),
        annotated("b", "Workers Tide", second),
        annotated("c", "Calder Daily", third),
    ]
    hurt, injured = first.index("Fourteen people"), second.index("By the union")
    claims = [
        {
            "id": "c1",
            "text": "Fourteen people were hurt",
            "status": "disputed",
            "independent_sources": 1,
            "support": [{"article": "a", "start": hurt, "end": len(first)}],
            "contradicts": [{"claim": "c2", "reason": "different figures"}],
        },
        {
            "id": "c2",
            "text": "21 dockworkers were injured",
            "status": "disputed",
            "independent_sources": 1,
            "support": [{"article": "b", "start": injured, "end": len(second)}],
            "contradicts": [{"claim": "c1", "reason": "different figures"}],
        },
    ]
    texts = [item.text for item in summarise(members, encode, typed(claims, members)).summary]
    # The lead already says fourteen; the other side's figure must be there too, once.
    assert any("21 dockworkers" in t for t in texts), texts
    assert len([t for t in texts if "ourteen" in t]) == 1, texts

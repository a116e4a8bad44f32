"""`storyweave check`: a claim against a supporting, a refuting and an unrelated article."""

import json

import pytest

from storyweave.model.check import CheckResult

# ruff: noqa: E501  (article lines are sentences, one a line, as in a real file)

# A headline-like claim, as the model was trained on (FNC-1 headlines).
CLAIM = "Orvale dam burst floods the town of Marrow"

SUPPORTING = """---
title: Orvale dam bursts, Marrow flooded
source: Valley Herald
---
The Orvale dam on the Tessin river burst early on Tuesday, sending a wall of water into the town of Marrow.
Emergency services confirmed that the dam had failed and that the lower town was flooded.
Residents were evacuated to the school on the hill, officials said.
"""

REFUTING = """---
title: No, the Orvale dam has not burst
source: River Post
---
Reports that the Orvale dam on the Tessin river had burst and flooded Marrow are false, the regional water authority said.
The claim, shared widely online with a doctored photo, is a hoax: the dam is intact and Marrow is dry.
Engineers who inspected the dam on Tuesday denied any damage and said the rumour was untrue.
"""

UNRELATED = """---
title: Harbour Lions win the cup final
source: Sports Daily
---
The Harbour Lions beat the Northfield Rovers 3-1 in the cup final on Saturday.
Their striker scored twice in the second half as the crowd sang in the rain.
The coach praised the young team and promised a parade through the city.
"""


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in (("herald", SUPPORTING), ("post", REFUTING), ("sports", UNRELATED)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def stances(document: dict) -> dict[str, dict]:
    (check,) = document["checks"]
    return {a["id"]: a for a in check["articles"]}


def test_check_tells_a_supporting_a_refuting_and_an_unrelated_article(run_cli, news):
    code, out, _ = run_cli("check", CLAIM, str(news), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["schema"] == "storyweave.check/1"
    found = stances(document)
    # The report takes the claim up (FNC-1's model often calls a plain report "discusses"
    # rather than "supports"); the debunk refutes it.
    assert found["herald"]["stance"] in ("supports", "discusses")
    assert found["post"]["stance"] == "refutes"
    assert found["sports"]["stance"] == "unrelated"
    assert found["post"]["source"] == "River Post"
    # The refutation is shown by a sentence that says so, quoted with its offsets.
    texts = {"herald": SUPPORTING, "post": REFUTING}
    for article_id in texts:
        evidence = found[article_id]["evidence"]
        assert evidence and all(e["end"] > e["start"] for e in evidence)
    assert any("hoax" in e["text"] or "false" in e["text"] for e in found["post"]["evidence"])
    assert found["sports"]["evidence"] == []
    for article in found.values():
        assert 0.0 <= article["confidence"] <= 1.0
    # The document reads back into the same values and writes out the same again.
    assert CheckResult.from_json(document).to_json() == document


def test_check_markdown_groups_articles_by_stance_with_evidence(run_cli, news):
    code, out, _ = run_cli("check", CLAIM, str(news))
    assert code == 0
    assert out.index("### Refutes") < out.index("### Unrelated")
    assert "### Supports" in out or "### Discusses" in out
    refutes = out[out.index("### Refutes") : out.index("### Unrelated")]
    assert "`post`" in refutes and "> " in refutes and "River Post" in refutes


def test_claims_file_checks_many_claims_each_on_its_own_articles(run_cli, news, tmp_path):
    claims = tmp_path / "claims.jsonl"
    lines = [
        {"id": "dam", "text": CLAIM, "articles": ["herald", "post"]},
        {"text": "The Harbour Lions won the cup final"},
    ]
    claims.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--claims", str(claims), str(news), "--format", "json")
    assert code == 0
    checks = json.loads(out)["checks"]
    assert [c["claim"] for c in checks] == ["dam", "line-2"]
    assert [a["id"] for a in checks[0]["articles"]] == ["herald", "post"]
    sports = {a["id"]: a["stance"] for a in checks[1]["articles"]}
    assert sports["sports"] != "unrelated" and sports["herald"] == "unrelated"


def test_check_over_a_store_and_bad_claims_files(run_cli, news, tmp_path):
    db = str(tmp_path / "s.db")
    assert run_cli("ingest", str(news), "--db", db)[0] == 0
    code, out, _ = run_cli("check", CLAIM, "--db", db, "--format", "json")
    assert code == 0 and set(stances(json.loads(out))) == {"herald", "post", "sports"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    code, _, err = run_cli("check", "--claims", str(bad), "--db", db)
    assert code == 2 and "line 1" in err
    code, _, err = run_cli("check", "--db", db)
    assert code == 2 and "CLAIM" in err


def test_checking_annotated_articles_parses_nothing_again(news, tmp_path):
    from storyweave.execute.local import Resources
    from storyweave.nlp.embeddings import load_embedder
    from storyweave.pipeline import Workspace, open_workspace

    path = str(tmp_path / "s.db")
    with open_workspace(path) as ws:
        ws.ingest([str(news)])
        ws.annotations()

    def refuse():
        raise AssertionError("the spaCy pipeline was loaded although every article is annotated")

    with open_workspace(path) as opened:
        ws = Workspace(
            opened.store, resources=Resources(load_nlp=refuse, load_embedder=load_embedder)
        )
        result = ws.check([CLAIM, "The Harbour Lions won the cup final"])
    assert [c.claim for c in result.checks] == ["claim-1", "claim-2"]
    assert {a.id for a in result.checks[0].articles} == {"herald", "post", "sports"}

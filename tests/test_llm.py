"""The optional LLM summary, against a fake OpenAI-compatible server on 127.0.0.1."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyweave.analyse.llm_summary import gather_sources, rewrite_summary, split_reply
from storyweave.analyse.summary import encoder
from storyweave.llm import ChatClient, ChatConfig, LLMError
from storyweave.model import Article, Brief, Claim, Span, Story, SummaryItem, Support

encode = encoder(None)
WIRE = (
    "A crane collapsed at the port of Calder on Thursday, injuring 14 people. "
    "The dockers' union called a strike."
)
TIDE = "In that collapse, 21 dockworkers were injured. The union demands an independent audit."


def sample_brief() -> Brief:
    """Two outlets; the summary cites the wire's two sentences, a claim cites the other outlet."""
    first, second = WIRE.index(".") + 1, WIRE.index("The dockers")
    tide = TIDE.index(".") + 1
    return Brief(
        story=Story("s-1", "Calder dockers strike after crane collapse", ("wire", "tide")),
        articles=(
            Article("wire", WIRE, "Calder Wire", published=dt.date(2026, 3, 13)),
            Article("tide", TIDE, "Workers' Tide", published=dt.date(2026, 3, 14)),
        ),
        summary=(
            SummaryItem(WIRE[:first], (Span("wire", 0, first),)),
            SummaryItem(WIRE[second:], (Span("wire", second, len(WIRE)),)),
        ),
        claims=(
            Claim(
                id="c2",
                text=TIDE[:tide],
                status="disputed",
                independent_sources=1,
                support=(Support("tide", 0, tide, TIDE[:tide]),),
            ),
        ),
    )


class FakeServer:
    """Answers POST /v1/chat/completions with a canned reply and records the requests."""

    def __init__(self, reply: str, status: int = 200) -> None:
        self.reply, self.status, self.requests = reply, status, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append((self.path, body))
                payload = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": fake.reply}}]}
                ).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server(request):
    fake = FakeServer(request.param)
    yield fake
    fake.close()


SUPPORTED = "A crane collapsed at the port of Calder on Thursday, injuring 14 people [1]."
ALSO_SUPPORTED = "The dockers' union called a strike. [2]"
INVENTED_NUMBER = "The collapse killed 3 workers and injured 14 people [1]."
INVENTED_NAME = "Prime Minister Olaf Brandt called a crane collapse at Calder a disgrace [1]."
OFF_TOPIC = "Shares in shipping companies rose sharply across Europe on Friday [1][2]."


@pytest.mark.parametrize(
    "server",
    [" ".join([SUPPORTED, INVENTED_NUMBER, ALSO_SUPPORTED, INVENTED_NAME, OFF_TOPIC])],
    indirect=True,
)
def test_generated_sentences_are_kept_only_where_their_citations_back_them(server):
    brief = sample_brief()
    client = ChatClient(ChatConfig(url=server.url, model="fake"))
    result = rewrite_summary(brief, client.complete, encode)

    path, request = server.requests[0]
    assert path == "/v1/chat/completions" and request["model"] == "fake"
    assert "[1] (Calder Wire, 2026-03-13) A crane collapsed" in request["messages"][1]["content"]

    assert result.summary_method == "llm"
    kept = [item.text for item in result.summary]
    assert kept == [
        "A crane collapsed at the port of Calder on Thursday, injuring 14 people.",
        "The dockers' union called a strike.",
    ]
    texts = {a.id: a.text for a in brief.articles}
    for item in result.summary:
        for citation in item.citations:
            cited = texts[citation.article][citation.start : citation.end]
            assert item.text.rstrip(".") in cited
    dropped = {d.text: d.reason for d in result.summary_dropped}
    assert "numbers not in the cited spans: 3" in dropped[INVENTED_NUMBER.replace(" [1]", "")]
    assert "names not in the cited spans" in dropped[INVENTED_NAME.replace(" [1]", "")]
    assert OFF_TOPIC.replace(" [1][2]", "") in dropped


@pytest.mark.parametrize("server", [INVENTED_NUMBER + " " + OFF_TOPIC], indirect=True)
def test_an_unsupported_reply_leaves_the_extractive_summary(server):
    brief = sample_brief()
    client = ChatClient(ChatConfig(url=server.url))
    result = rewrite_summary(brief, client.complete, encode)
    assert result.summary == brief.summary
    assert result.summary_method == "extractive"
    assert len(result.summary_dropped) == 2


def test_an_unreachable_endpoint_is_one_clear_error():
    fake = FakeServer("unused")
    url = fake.url
    fake.close()
    with pytest.raises(LLMError, match="cannot reach the LLM endpoint"):
        ChatClient(ChatConfig(url=url, timeout_s=2)).complete([{"role": "user", "content": "x"}])


def test_reply_markers_after_the_full_stop_stay_with_their_sentence():
    reply = "The strike began on Saturday. [1][3] Talks follow at 6 a.m. on Monday [2]."
    assert split_reply(reply) == [
        ("The strike began on Saturday.", [1, 3]),
        ("Talks follow at 6 a.m. on Monday.", [2]),
    ]


def test_sources_are_the_summary_citations_then_claim_spans_each_once():
    sources = gather_sources(sample_brief())
    assert [s.number for s in sources] == list(range(1, len(sources) + 1))
    assert len({(s.article, s.start, s.end) for s in sources}) == len(sources)
    assert sources[0].text.startswith("A crane collapsed")

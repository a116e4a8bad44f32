"""A minimal client for the OpenAI-compatible chat completions API, on urllib.

Only `POST {url}/v1/chat/completions` with `model`, `messages`, `temperature` and `max_tokens` is
used: the subset Ollama, llama.cpp's server and vLLM all implement.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from storyweave.errors import StoryweaveError

Message = dict[str, str]


class LLMError(StoryweaveError):
    """The LLM endpoint could not be reached or gave no usable answer."""


@dataclass(frozen=True)
class ChatConfig:
    url: str  # the server's base URL, e.g. http://localhost:11434 (Ollama)
    model: str = "default"  # llama.cpp ignores it; Ollama and vLLM need a served model's name
    timeout_s: float = 120.0
    temperature: float = 0.2
    max_tokens: int = 700
    api_key: str | None = None  # sent as a Bearer token when the server wants one

    @classmethod
    def from_environment(cls, url: str, model: str = "default") -> ChatConfig:
        """The config a command line or server uses: the API key from STORYWEAVE_LLM_API_KEY
        (never from an argument, which other users could read in the process list)."""
        return cls(url=url, model=model, api_key=os.environ.get("STORYWEAVE_LLM_API_KEY"))


def completions_url(base: str) -> str:
    """`{base}/v1/chat/completions`, accepting a base that already ends in /v1 or is the full
    endpoint."""
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


class ChatClient:
    """Sends one chat and returns the reply's text. Holds no state besides its config."""

    def __init__(self, config: ChatConfig) -> None:
        self.config = config
        self.endpoint = completions_url(config.url)

    def complete(self, messages: list[Message]) -> str:
        payload = {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
            "stream": False,
        }
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(
            self.endpoint, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise LLMError(
                f"LLM endpoint {self.endpoint} answered HTTP {exc.code}: {detail}; "
                "check --llm and --llm-model"
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LLMError(
                f"cannot reach the LLM endpoint {self.endpoint}: {reason}; is the server running?"
            ) from exc
        return _reply_text(body, self.endpoint)


def _reply_text(body: bytes, endpoint: str) -> str:
    try:
        document: Any = json.loads(body)
        content = document["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(
            f"LLM endpoint {endpoint} gave no chat completion (expected choices[0].message.content)"
        ) from exc
    if not isinstance(content, str) or not content.strip():
        raise LLMError(f"LLM endpoint {endpoint} returned an empty reply")
    return content

"""Optional access to a generative model behind any OpenAI-compatible endpoint (Ollama, llama.cpp
server, vLLM). Nothing in the default path uses it; the standard library speaks HTTP, so it adds no
dependency."""

from storyweave.llm.client import ChatClient, ChatConfig, LLMError

__all__ = ["ChatClient", "ChatConfig", "LLMError"]

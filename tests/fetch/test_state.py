"""The state protocol's in-memory implementation behaves as a store must."""

import pytest

from storyweave.fetch.state import MemoryFetchState, StagedState, commit_writes


def test_records_round_trip_and_are_independent_copies():
    state = MemoryFetchState()
    state.put("feed:http://x/feed", {"seen": ["a", "b"]})
    record = state.get("feed:http://x/feed")
    record["seen"].append("c")
    assert state.get("feed:http://x/feed") == {"seen": ["a", "b"]}
    assert state.get("feed:http://x/other") is None


def test_a_record_a_store_could_not_keep_is_refused_at_put():
    state = MemoryFetchState()
    with pytest.raises(TypeError):
        state.put("page:u", {"when": object()})
    with pytest.raises(ValueError):
        state.put("page:u", {"ratio": float("nan")})


def test_staged_writes_are_seen_by_the_cycle_but_reach_the_base_only_on_commit():
    base = MemoryFetchState()
    base.put("k", {"v": 1})
    staged = StagedState(base)
    staged.put("k", {"v": 2})
    staged.put("new", {"v": 3})
    assert staged.get("k") == {"v": 2}
    assert base.get("k") == {"v": 1} and base.get("new") is None
    commit_writes(base, staged.writes)
    assert base.get("k") == {"v": 2} and base.get("new") == {"v": 3}

"""Typed tables pass between processes packed, and are unpacked where they are used."""

from __future__ import annotations

import pandas as pd

from generator.model import Tables, pack_tables, unpack_tables


def test_packed_tables_are_unpacked_on_first_use_only() -> None:
    frame = pd.DataFrame({"_row": [2, 3], "v": [1.5, None]})
    calls = []

    def load() -> bytes:
        calls.append(1)
        return pack_tables({"r": frame})

    tables = Tables()
    tables.set_packed("a", load)
    tables.set_packed("b", pack_tables({}))
    tables["c"] = {"r": frame}
    assert sorted(tables) == ["a", "b", "c"] and len(tables) == 3 and "a" in tables
    assert calls == []  # nothing read yet
    assert isinstance(tables.packed("a"), bytes) and calls == [1]
    pd.testing.assert_frame_equal(tables["a"]["r"], frame)
    assert tables.packed("a") is tables["a"]  # unpacked once, then held
    assert calls == [1]
    assert tables["b"] == {} and tables.get("missing") is None
    assert unpack_tables(tables.packed("c")) is tables["c"]

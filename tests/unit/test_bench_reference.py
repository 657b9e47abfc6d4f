"""make bench sets the clean build of (e) against frictionless' time on (a) in the same run."""

from __future__ import annotations

from bench.run import against_reference


def _rows(clean: object) -> list[dict]:
    return [{"bench": "a", "ours_s": 0.95, "frictionless_s": 41.0},
            {"bench": "e", "ours_s": clean}, {"bench": "e", "ours_s": 37.6}]


def test_the_clean_build_in_frictionless_times_and_at_the_issues_speed() -> None:
    row = against_reference(_rows(147.77))
    assert (row["ours_s"], row["frictionless_s"], row["ratio"]) == (147.77, 41.0, 3.6)
    assert row["at_issue_speed_s"] == 43  # 3.6 x 12 s
    assert (row["target"], row["met"]) == ("info", None)  # the 60 s target stays the target
    assert row["case"] == ("  clean build / frictionless on (a) in this run "
                           "(issue: 60 s / 12 s = 5x; = 43 s where (a) takes 12 s)")


def test_a_failed_clean_build_has_no_ratio() -> None:
    row = against_reference(_rows("timeout"))
    assert (row["ours_s"], row["ratio"], row["at_issue_speed_s"]) == (None, None, None)

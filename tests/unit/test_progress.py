"""Progress bars: shown on a terminal for steps longer than a second, silent otherwise."""

from __future__ import annotations

import io
import time

from rich.console import Console

import generator.progress as progress


def test_without_a_terminal_steps_print_nothing(capsys) -> None:
    with progress.showing("fr"):
        with progress.step("validate", 3) as advance:
            advance()
    assert capsys.readouterr() == ("", "")


def test_a_slow_step_is_shown_with_its_label_and_count(monkeypatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.05)
    monkeypatch.setattr("rich.console.Console", lambda **_: Console(
        file=out, force_terminal=True, width=100))
    with progress.showing("en", enabled=True):
        with progress.step("validate", 4) as advance:
            advance(2)
            time.sleep(0.5)
    assert "Validating the packages" in out.getvalue()
    assert "2/4" in out.getvalue()


def test_a_quick_step_is_never_drawn(monkeypatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda **_: Console(
        file=out, force_terminal=True, width=100))
    with progress.showing("fr", enabled=True):
        with progress.step("compute", 1) as advance:
            advance()
    assert "Calcul" not in out.getvalue()


def test_timing_records_each_step_in_order() -> None:
    with progress.timing() as times:
        with progress.step("validate", 2):
            time.sleep(0.02)
        with progress.step("render"):
            pass
    assert [name for name, _ in times] == ["validate", "render"]
    assert times[0][1] >= 0.02
    with progress.step("mkdocs"):
        pass  # outside the block: not recorded
    assert len(times) == 2


def test_timings_text_names_steps_in_the_language_and_the_rest() -> None:
    text = progress.timings_text([("validate", 1.25), ("mkdocs", 2.0)], 4.0, "fr")
    lines = text.splitlines()
    assert lines[0].startswith("Validation des jeux de données") and lines[0].endswith("1.2 s")
    assert lines[1].startswith("Construction MkDocs (pages)") and lines[1].endswith("2.0 s")
    assert lines[2].startswith("Autres étapes") and lines[2].endswith("0.8 s")
    assert lines[3].startswith("Total") and lines[3].endswith("4.0 s")
    assert progress.timings_text([], 1.0, "en").splitlines()[0].startswith("Other steps")


def test_a_step_inside_another_is_not_counted_twice() -> None:
    with progress.timing() as times, progress.step("site"):
        time.sleep(0.05)
        with progress.step("release", absorb=True), progress.step("validate"):
            time.sleep(0.1)  # "validate" is part of "release": no time of its own
    assert [name for name, _ in times] == ["release", "site"]
    seconds = dict(times)
    assert seconds["release"] >= 0.1 and 0.05 <= seconds["site"] < 0.1

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

"""The GitHub workflows: valid against GitHub's workflow schema (offline), least privilege."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def check(*paths: Path) -> Any:
    """check-jsonschema with the schema shipped in its package (nothing downloaded)."""
    from check_jsonschema.cli.main_command import main

    return CliRunner().invoke(main, ["--builtin-schema", "vendor.github-workflows",
                                     *map(str, paths)])


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_workflow_matches_github_schema_offline(offline: None, name: str) -> None:
    result = check(WORKFLOWS / name)
    assert result.exit_code == 0, result.output
    assert "ok -- validation done" in result.output


def test_schema_check_rejects_a_broken_workflow(offline: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  test:\n    steps: [{run: make}]\n")
    result = check(broken)
    assert result.exit_code == 1
    assert "runs-on" in result.output


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_actions_are_pinned_to_commits(name: str) -> None:
    lines = [line for line in (WORKFLOWS / name).read_text().splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"{name}: not pinned to a commit with its version: {line}"


def test_ci_on_pull_requests_read_only_validates_tests_builds_and_uploads() -> None:
    ci = load("ci.yml")
    assert list(ci["on"]) == ["pull_request"]
    assert ci["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in ci["jobs"].values())
    commands = runs(ci)
    assert "tdh validate --format github" in commands
    assert "make test" in commands
    assert "tdh build" in commands
    upload = next(s for s in steps(ci) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"


def test_publish_on_release_with_full_history_one_at_a_time() -> None:
    publish = load("publish.yml")
    assert publish["on"]["release"] == {"types": ["published"]}
    assert "tags" in publish["on"]["push"]
    assert publish["permissions"] == {}
    assert [job["permissions"] for job in publish["jobs"].values()] == [{"contents": "write"}]
    assert publish["concurrency"]["cancel-in-progress"] is False
    assert "${{" not in publish["concurrency"]["group"]  # one group for every release
    checkout = next(s for s in steps(publish) if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0
    commands = runs(publish)
    assert "make site" in commands
    assert 'tdh publish "$TAG" --alias latest --push' in commands
    assert "gh release upload" in commands and "SHA256SUMS" in commands
    assert "${{" not in commands  # event data reaches the shell only through env variables

"""Report output: text for people, JSON for tools, GitHub annotations for pull requests."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from generator.messages import ui
from generator.model import ERROR, Issue, Report

DEFAULT_MAX_ISSUES = 50


def report_to_json(report: Report) -> str:
    """One JSON object in the shape fixed by DESIGN.md."""
    data = {
        "valid": report.valid,
        "error_count": report.error_count,
        "warning_count": report.warning_count,
        "packages": [
            {
                "name": package.name,
                "path": package.path,
                "valid": package.valid,
                "issues": [issue.to_dict() for issue in package.issues],
            }
            for package in report.packages
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_to_text(report: Report, lang: str, max_issues: int = DEFAULT_MAX_ISSUES) -> str:
    """Issues grouped by package and resource, capped per resource, with counts per code."""
    lines = [ui("summary", lang, packages=len(report.packages), errors=report.error_count,
                warnings=report.warning_count), ""]
    for package in report.packages:
        errors = sum(1 for i in package.issues if i.severity == ERROR)
        warnings = len(package.issues) - errors
        if errors:
            key = "package-invalid"
        else:
            key = "package-valid-warnings" if warnings else "package-valid"
        lines.append(ui(key, lang, name=package.name, errors=errors, warnings=warnings))
        groups: dict[str, list[Issue]] = defaultdict(list)
        for issue in package.issues:
            groups[issue.resource or ""].append(issue)
        for resource, issues in groups.items():
            if resource:
                lines.append(f"  {resource} ({issues[0].path})")
            for issue in issues[:max_issues]:
                marker = "✗" if issue.severity == ERROR else "⚠"
                lines.append(f"    {marker} [{issue.code}] {issue.message[lang]}")
            if len(issues) > max_issues:
                lines.append(ui("truncated", lang, hidden=len(issues) - max_issues,
                                limit=max_issues))
            if len(issues) > 1:
                counts = Counter(issue.code for issue in issues)
                text = ", ".join(f"{code} × {n}" for code, n in sorted(counts.items()))
                lines.append(ui("counts", lang, counts=text))
    lines.append("")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_to_github(report: Report, lang: str) -> str:
    """`::error file=…,line=…,title=CODE::message` annotations, one per issue."""
    lines = []
    for issue in report.issues:
        level = "error" if issue.severity == ERROR else "warning"
        props = [f"file={_escape_property(issue.path or issue.package)}"]
        if issue.row is not None:
            props.append(f"line={issue.row}")
        props.append(f"title={_escape_property(issue.code)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(issue.message[lang])}")
    return "\n".join(lines) + ("\n" if lines else "")

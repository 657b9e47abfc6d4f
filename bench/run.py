"""`make bench`: our validation next to frictionless-py on the same generated files, and builds.

Validation (`--only validation`, about 2.5 minutes):
(a) a valid 1,000,000-row package of 4 constrained fields: the whole `tdh validate` stage
    (in-process) against `frictionless.validate(path)` (in-process, same machine);
(b) a three-table package with foreign keys and tens of thousands of violations, frictionless-py
    with its error limit raised: both must find the same errors;
(c) peak memory of the table validation on a 10,000,000-row file without keys (subprocess),
    and of the whole `tdh validate` stage on that file.
Build (`--only build`), each `tdh build` a subprocess run in a throw-away project folder under
bench/out/ (made like tests' make_project), with SOURCE_DATE_EPOCH=1700000000:
(d) the demo site (datapackages/): cold build without .tdh-cache, warm rebuild with nothing
    changed, rebuild after editing one value of one CSV; ratios cold / rebuild;
(e) `--packages` (default 200) generated packages of 10 resources of 10,000 rows: a clean
    build (target < 60 s, 900 s timeout) with the child's peak RSS, then a rebuild after
    editing one CSV (bench/out/build-200x10x10000/); with (a) in the same run, the clean
    build is also given in units of frictionless' time on (a), which cancels the machine's
    speed out (the issue budgets 60 s where frictionless takes 12 s: 5); information only;
(f) page weight in the demo site of (d): a chart page and a page without charts, the HTML
    plus every same-site script, stylesheet, image and font (CSS url()) it loads, raw and
    gzip -6; the page without charts must load no Vega script.
(g) `tdh serve` on the demo site: seconds from saving a CSV edit to the page showing it
    (median of 5 edits, target < 2 s).
`--only` takes a comma-separated list of a-g, validation, build (default: all).
Prints a table and writes bench/out/results.json (each row's "bench" names its case; rows of
cases not run this time are kept from the previous file); exits 1 if a target of this run is
missed (a build that fails or times out misses its target).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.data import budget_package, constrained_package

OUT = Path(__file__).resolve().parent / "out"
ROOT = OUT.parent.parent
LIMIT = 10**9


def _ours(folder: Path, limit: int = 1_000_000) -> tuple[float, Any]:
    """The validate stage of `tdh validate`, in this process."""
    from generator.load import load_packages
    from generator.validate import validate_packages

    start = time.perf_counter()
    validated = validate_packages(load_packages([folder]), limit_errors=limit)
    return time.perf_counter() - start, validated


def _frictionless(folder: Path, **options: Any) -> tuple[float, Any]:
    import frictionless

    start = time.perf_counter()
    report = frictionless.validate(str(folder / "datapackage.json"), **options)
    return time.perf_counter() - start, report


def _warm_up() -> None:
    """Imports and first calls outside the timings, for both sides."""
    folder = constrained_package(OUT / "warm-up", 1000)
    _ours(folder)
    _frictionless(folder)


def valid_million() -> list[dict[str, Any]]:
    """(a) One valid million-row file: the whole stage, and its table validation alone."""
    from generator.load import load_packages
    from generator.validate.tables import check_tables

    folder = constrained_package(OUT / "valid-1m", 1_000_000)
    ours, validated = _ours(folder)
    theirs, report = _frictionless(folder)
    assert validated.report.valid and report.valid, "both must find the package valid"
    assert not validated.fallbacks, validated.fallbacks
    start = time.perf_counter()
    check_tables(load_packages([folder])[0], 1_000_000)
    alone = _row("  the same, table validation alone (no pandas tables, no domain checks)",
                 time.perf_counter() - start, theirs, 20)
    alone.update(target="info", met=None)
    return [_row("valid 1,000,000 rows, 4 constrained fields", ours, theirs, 20), alone]


def many_violations() -> dict[str, Any]:
    """(b) Three tables, foreign keys, tens of thousands of violations."""
    folder = budget_package(OUT / "budgets-fk")
    ours, validated = _ours(folder, LIMIT)
    theirs, report = _frictionless(folder, limit_errors=LIMIT)
    found = Counter(i.code for i in validated.report.issues if i.severity == "error")
    expected = Counter(e.type for task in report.tasks for e in task.errors)
    assert found == expected, (found, expected)
    assert not validated.fallbacks, validated.fallbacks
    row = _row(f"3 tables, foreign keys, {sum(found.values()):,} violations", ours, theirs, 10)
    row["errors"] = dict(found)
    return row


ISSUE_REFERENCE_S = 12
"""What frictionless-py takes on case (a) according to the issue ("about 12 s on these 2-core
machines"), whose clean-build budget of (e) is 60 s."""


def against_reference(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """(e)'s clean build set against frictionless' time on (a) in the same run: the machine's
    speed cancels out. Information only: the target of (e) stays its 60 s."""
    from bench.build import BUDGET_S

    reference = next(r for r in rows if r["bench"] == "a")["frictionless_s"]
    clean = next(r for r in rows if r["bench"] == "e")
    seconds = clean["ours_s"] if isinstance(clean["ours_s"], float) else None
    ratio = round(seconds / reference, 2) if seconds is not None else None
    at_issue_speed = round(ratio * ISSUE_REFERENCE_S) if ratio is not None else None
    return {"case": f"  clean build / frictionless on (a) in this run (issue: {BUDGET_S} s / "
                    f"{ISSUE_REFERENCE_S} s = {BUDGET_S / ISSUE_REFERENCE_S:g}x; "
                    f"= {at_issue_speed} s where (a) takes {ISSUE_REFERENCE_S} s)",
            "ours_s": seconds, "frictionless_s": reference, "ratio": ratio, "peak_mb": None,
            "target": "info", "met": None, "at_issue_speed_s": at_issue_speed}


def _row(case: str, ours: float, theirs: float, target: float) -> dict[str, Any]:
    ratio = theirs / ours
    return {"case": case, "ours_s": round(ours, 2), "frictionless_s": round(theirs, 2),
            "ratio": round(ratio, 1), "peak_mb": None, "target": f">= {target}x faster",
            "met": ratio >= target}


# VmHWM, not ru_maxrss: the latter keeps the parent's size from before exec().
PROBE = """
import json, sys, time
from pathlib import Path
from generator.load import load_packages
from generator.validate import validate_packages
from generator.validate.tables import check_tables
sources = load_packages([Path(sys.argv[1])])
start = time.perf_counter()
result = {call}
seconds = time.perf_counter() - start
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{"seconds": seconds, "peak_mb": int(status["VmHWM"].split()[0]) / 1024,
                  "fallbacks": result.fallbacks}}))
"""


def _probe(folder: Path, call: str) -> dict:
    """Run one call in a fresh process; its own peak resident memory is the measure."""
    code = PROBE.format(call=call)
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ten_million() -> list[dict[str, Any]]:
    """(c) Peak memory on ten million rows, in a fresh process."""
    folder = constrained_package(OUT / "rows-10m", 10_000_000, unique=False)
    engine = _probe(folder, "check_tables(sources[0], 1_000_000)")
    assert not engine["fallbacks"], engine["fallbacks"]
    rows = [{"case": "10,000,000 rows, no keys: table validation", "ours_s": round(
        engine["seconds"], 2), "frictionless_s": None, "ratio": None,
        "peak_mb": round(engine["peak_mb"]), "target": "< 300 MB",
        "met": engine["peak_mb"] < 300}]
    # The whole `tdh validate` stage: text-cell checks streamed too, no table loaded.
    stage = _probe(folder, "validate_packages(sources)")
    rows.append({"case": "  the same, whole tdh validate stage (text checks streamed)",
                 "ours_s": round(stage["seconds"], 2), "frictionless_s": None, "ratio": None,
                 "peak_mb": round(stage["peak_mb"]), "target": "< 300 MB",
                 "met": stage["peak_mb"] < 300})
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    header = ("case", "ours s", "frictionless s", "ratio", "peak MB", "target", "met?")
    table = [header] + [(r["case"], _cell(r["ours_s"]), _cell(r["frictionless_s"]),
                         _cell(r["ratio"], "x"), _cell(r["peak_mb"]), r["target"],
                         {True: "yes", False: "NO", None: "-"}[r["met"]]) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    for row in rows:
        if row.get("steps"):
            steps = ", ".join(f"{name} {seconds} s" for name, seconds in row["steps"].items())
            print(f"\n{row['case'].strip()}:\n  {steps}")


def _cell(value: Any, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


GROUPS = {"validation": "abc", "build": "defg"}


def _save(rows: list[dict[str, Any]], cases: set[str]) -> None:
    """Write results.json; rows of the cases not run this time are kept from the last file."""
    path = OUT / "results.json"
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = []
    kept = [r for r in previous if isinstance(r, dict) and r.get("bench") in set("abcdefg") - cases]
    merged = sorted(kept + rows, key=lambda r: r["bench"])  # stable: each case's rows in order
    path.write_text(json.dumps(merged, indent=2), encoding="utf-8")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="validation,build",
                        help="cases to run: a,b,c,d,e,f,g, validation (= a,b,c), build (= d,e,f,g)")
    parser.add_argument("--packages", type=int, default=200, help="packages of case (e)")
    parser.add_argument("--resources", type=int, default=10, help="resources per package (e)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows per resource (e)")
    arguments = parser.parse_args(argv)
    cases = set()
    for word in arguments.only.replace(" ", "").lower().split(","):
        if word in GROUPS:
            cases.update(GROUPS[word])
        elif word in tuple("abcdefg"):
            cases.add(word)
        elif word:
            parser.error(f"unknown case {word!r}")
    arguments.cases = cases
    return arguments


def main(argv: list[str] | None = None) -> int:
    """Generate the data, measure, print the table and write results.json."""
    from bench import build

    arguments = _arguments(argv)
    cases = arguments.cases
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []

    def add(case: str, new: list[dict[str, Any]]) -> None:
        rows.extend({"bench": case, **row} for row in new)

    if cases & set("abc"):
        _warm_up()
    if "a" in cases:
        add("a", valid_million())
    if "b" in cases:
        add("b", [many_violations()])
    if "c" in cases:
        add("c", ten_million())
    demo = None
    if "d" in cases:
        built, demo = build.demo_build(OUT)
        add("d", built)
    if "e" in cases:
        add("e", build.many_packages(OUT, arguments.packages, arguments.resources,
                                     arguments.rows))
    if {"a", "e"} <= cases:
        add("e", [against_reference(rows)])
    if "f" in cases:
        if demo is None:  # (f) alone: build the demo site once, untimed
            demo = build.demo_project(OUT)
            done = build.tdh_build(demo, "cold")
            if not done.ok:
                add("f", [build.build_row("demo site build, for the page weights", done)])
        if (demo / "site" / build.CHART_PAGE).is_file():
            add("f", build.page_weights(demo))
        else:
            add("f", [{"case": "page weight: the demo site was not built", "ours_s": None,
                       "frictionless_s": None, "ratio": None, "peak_mb": None,
                       "target": "info", "met": False}])
    if "g" in cases:
        from bench.serve import serve_rebuild

        add("g", serve_rebuild(OUT))
    _print(rows)
    _save(rows, cases)
    print(f"\nWritten to {OUT / 'results.json'}")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

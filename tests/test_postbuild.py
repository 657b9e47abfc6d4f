"""Each post-build check fails on a deliberately broken page."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.csp import add_csp_meta, inline_script_hashes, policy
from generator.postbuild import (
    check_html_validity,
    check_internal_links,
    check_site,
    site_facts,
)
from tests.conftest import ROOT

ALLOWED = inline_script_hashes("<script>var allowed = 1;</script>")


def page(body: str, head: str = "") -> str:
    html = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>{head}'
            f"</head><body>{body}</body></html>")
    return add_csp_meta(html, ALLOWED)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(page('<h1 id="top">x</h1><a href="a/">a</a>'))
    (root / "a" / "index.html").write_text(page('<h1>a</h1><a href="../#top">back</a>'))
    return root


def test_clean_site_passes(site: Path) -> None:
    assert check_site(site, ALLOWED) == []
    assert check_internal_links(site) == []


def test_a_rebuild_reads_only_the_pages_that_changed(site: Path, tmp_path: Path) -> None:
    from generator.cache import BuildCache, using

    cache = BuildCache(tmp_path / "cache")
    with using(cache):
        assert check_site(site, ALLOWED) == [] and check_internal_links(site) == []
        assert cache.stats["page-facts:miss"] == 2
        (site / "a" / "index.html").write_text(page('<a href="../#gone">back</a>', ""))
        facts = site_facts(site)  # read once for both checks, as a build does
        assert check_site(site, ALLOWED, facts) == []
        assert check_internal_links(site, facts) == ["a/index.html: broken anchor ../#gone"]
    assert cache.stats["page-facts:miss"] == 3  # the edited page, once
    assert cache.stats["page-facts:hit"] == 2 + 1  # the second check, then the unchanged page


def test_script_from_a_cdn_fails(site: Path) -> None:
    (site / "a" / "index.html").write_text(
        page("<h1>a</h1>", '<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>'))
    problems = check_site(site, ALLOWED)
    assert len(problems) == 1 and problems[0].startswith("a/index.html: loads from another host")


@pytest.mark.parametrize("tag", [
    '<link rel="stylesheet" href="//fonts.example.org/css">',
    '<img src="https://tracker.example.org/pixel.gif" alt="">',
])
def test_other_third_party_loads_fail(site: Path, tag: str) -> None:
    (site / "index.html").write_text(page(tag))
    assert any("loads from another host" in p for p in check_site(site, ALLOWED))


def test_hyperlinks_to_other_hosts_are_fine(site: Path) -> None:
    (site / "index.html").write_text(page('<a href="https://www.insee.fr/">INSEE</a>'))
    assert check_site(site, ALLOWED) == []


def test_unlisted_inline_script_fails(site: Path) -> None:
    (site / "index.html").write_text(page("<script>alert(1)</script>"))
    problems = check_site(site, ALLOWED)
    digest = inline_script_hashes("<script>alert(1)</script>")[0]
    assert problems == [f"index.html: inline script '{digest}' is not listed in mkdocs.yml "
                        "(tdh: csp_script_hashes); move it to a file or list its hash"]
    assert check_site(site, ALLOWED + [digest]) == []


def test_json_data_blocks_are_not_scripts() -> None:
    html = '<script type="application/ld+json">{"a": 1}</script><script id="__config" ' \
           'type="application/json">{}</script>'
    assert inline_script_hashes(html) == []


def test_page_without_csp_fails(site: Path) -> None:
    (site / "index.html").write_text("<html><head></head><body></body></html>")
    assert check_site(site, ALLOWED) == ["index.html: no Content-Security-Policy meta tag"]


def test_policy_never_allows_eval_or_inline_scripts() -> None:
    text = policy(ALLOWED)
    script = next(part for part in text.split("; ") if part.startswith("script-src"))
    assert "unsafe-eval" not in text and "unsafe-inline" not in script
    assert f"'{ALLOWED[0]}'" in script


def test_broken_internal_link_and_anchor_fail(site: Path) -> None:
    (site / "a" / "index.html").write_text(
        page('<a href="../missing/">x</a><a href="../#nowhere">y</a><a href="../">ok</a>'))
    assert check_internal_links(site) == [
        "a/index.html: broken link to ../missing/",
        "a/index.html: broken anchor ../#nowhere",
    ]


def test_an_anchor_needs_an_id_attribute_not_a_data_id(site: Path) -> None:
    (site / "a" / "index.html").write_text(page(
        '<p data-id="x">x</p><h2\tid="tab">t</h2><a href="#x">x</a><a href="#tab">t</a>'))
    assert check_internal_links(site) == ["a/index.html: broken anchor #x"]


def test_invalid_html_fails_the_nu_checker(site: Path) -> None:
    (site / "index.html").write_text(page("<p><div>block in a paragraph</div></p><spam>"))
    problems = check_html_validity(site, ROOT)
    if problems is None:
        pytest.skip("Java or vnu-jar missing")
    assert any(p.startswith("index.html:") and "HTML:" in p for p in problems)
    (site / "index.html").write_text(page("<p>fine</p>"))
    assert check_html_validity(site, ROOT) == []


def _recorded_checks(monkeypatch) -> list[bytes]:
    """The pages the checker service is asked to check, in order."""
    from generator.nuchecker import NuService, checker_jar

    if checker_jar(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    posted: list[bytes] = []
    real_check = NuService.check

    def recording_check(self, body: bytes):
        posted.append(body)
        return real_check(self, body)

    monkeypatch.setattr(NuService, "check", recording_check)
    return posted


def test_the_nu_checker_sees_only_new_or_changed_pages_with_a_cache(site: Path,
                                                                    tmp_path: Path,
                                                                    monkeypatch) -> None:
    from generator.cache import BuildCache

    posted = _recorded_checks(monkeypatch)
    cache = BuildCache(tmp_path / "cache")
    (site / "index.html").write_text(page("<p>fine</p>"))
    (site / "b.html").write_text(page("<p><div>block in a paragraph</div></p>"))
    first = check_html_validity(site, ROOT, cache)
    assert [p.split(":")[0] for p in first] == ["b.html"] * len(first)
    assert "No “p” element in scope but a “p” end tag seen." in first[-1]
    assert len(posted) == 3
    assert check_html_validity(site, ROOT, cache) == first  # from the cache
    assert len(posted) == 3
    (site / "index.html").write_text(page("<p>still fine</p>"))
    assert check_html_validity(site, ROOT, cache) == first
    assert posted[3:] == [(site / "index.html").read_bytes()]


def test_pages_offered_during_the_build_are_checked_once_with_their_findings(
        site: Path, monkeypatch) -> None:
    from generator.postbuild import HtmlChecks

    posted = _recorded_checks(monkeypatch)
    broken = page("<ul><p>not a list item</p></ul>").encode()
    big = page("<p>fine</p>" * 300_000).encode()  # over the service's default 2 MB limit
    checks = HtmlChecks(ROOT)
    try:
        checks.offer(broken)  # as MkDocs renders it, before it is written
        checks.offer(big)
        checks.offer(broken)  # the same bytes again: checked once
        (site / "c.html").write_bytes(broken)
        (site / "big.html").write_bytes(big)
        problems = checks.findings(site)
    finally:
        checks.close()
    assert len(big) > 3_000_000
    assert sorted(posted, key=len) == sorted([broken, big, (site / "index.html").read_bytes(),
                                              (site / "a" / "index.html").read_bytes()], key=len)
    assert problems == ["c.html:2: HTML: Element “p” not allowed as child of element “ul” in "
                        "this context. (Suppressing further errors from this subtree.)"]


def test_a_checker_that_cannot_start_fails_the_check(site: Path, monkeypatch) -> None:
    from generator.nuchecker import checker_jar

    if checker_jar(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    monkeypatch.setattr("generator.nuchecker.service_command",
                        lambda jar, port: ["java", "-cp", str(jar), "no.such.Main"])
    assert check_html_validity(site, ROOT) == [
        "Nu HTML Checker failed: the service stopped (exit 1)"]


def test_a_killed_build_leaves_no_checker_running(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys
    import time

    from generator.nuchecker import checker_jar

    if checker_jar(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    if shutil.which("setpriv") is None:
        pytest.skip("util-linux's setpriv missing: the checker is not tied to the build")
    script = ("import os, sys; from pathlib import Path; from generator.postbuild import "
              "HtmlChecks; c = HtmlChecks(Path(sys.argv[1])); c.start(); "
              "print(c.service.process.pid, flush=True); os.kill(os.getpid(), 9)")
    done = subprocess.run([sys.executable, "-c", script, str(ROOT)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        with open(f"/proc/{pid}/stat") as stat:  # a zombie until its parent reaps it
            if stat.read().split(") ")[1].startswith("Z"):
                return
        time.sleep(0.2)
    os.kill(pid, 9)
    pytest.fail("the checker outlived the build")


def test_closing_a_checker_that_is_still_starting_does_not_wait_for_it() -> None:
    import time

    from generator.nuchecker import NuService, checker_jar

    jar = checker_jar(ROOT)
    if jar is None:
        pytest.skip("Java or vnu-jar missing")
    service = NuService(jar)
    pending = service.submit(b"<!doctype html><title>t</title>")
    started = time.monotonic()
    service.close()  # at once, while the JVM is still loading its schemas
    assert time.monotonic() - started < 5
    assert pending.cancelled() or pending.exception() is not None


def test_a_closed_checker_is_gone_and_leaves_no_file_behind() -> None:
    """The service is killed when closed (a JVM's orderly exit takes about 0.4 s): it must
    not leave its performance-data file in the temporary folder, build after build."""
    import getpass

    from generator.nuchecker import NuService, checker_jar

    jar = checker_jar(ROOT)
    if jar is None:
        pytest.skip("Java or vnu-jar missing")
    service = NuService(jar)
    assert service.check(b"<!doctype html><html lang=en><title>t</title><p>x") == []
    process = service.process
    service.close()
    assert process.returncode is not None
    # HotSpot writes it under /tmp whatever TMPDIR says
    assert not (Path("/tmp") / f"hsperfdata_{getpass.getuser()}" / str(process.pid)).exists()


def test_a_checker_whose_port_was_taken_starts_on_another(site: Path, monkeypatch) -> None:
    """Another program binds the probed port before the JVM does: the service starts again
    on another port and the check goes on."""
    import socket

    from generator import nuchecker
    from generator.postbuild import HtmlChecks

    if nuchecker.checker_jar(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))  # bound, not listening: the JVM cannot bind it, and
    taken_port = taken.getsockname()[1]  # a connection to it is refused
    ports = [taken_port]
    free = nuchecker._free_port
    monkeypatch.setattr(nuchecker, "_free_port", lambda: ports.pop() if ports else free())
    try:
        checks = HtmlChecks(ROOT)
        checks.start()
        first_port = checks.service.port
        try:
            problems = checks.findings(site)
            final_port = checks.service.port
        finally:
            checks.close()
    finally:
        taken.close()
    assert first_port == taken_port != final_port
    assert problems == []


def test_page_ids_are_what_the_plain_pattern_finds() -> None:
    """page_ids gives findall of [\\s"'] + ID, on real pages and on tangled strings."""
    import random
    import re

    from generator.postbuild import ID, page_ids

    plain = re.compile(r"""[\s"']""" + ID.pattern)
    random.seed(7)
    pieces = ["id", "=", '"', "'", " ", "a", "\u2003", "\n", "i", "d", "data-"]
    texts = ["".join(random.choice(pieces) for _ in range(random.randint(0, 30)))
             for _ in range(20000)]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")]
    texts += ['<p id="a">x id=\'b\' y"id="c"', 'xid="a id=\'b\'"', '<h2 data-id="x" id="y">']
    for text in texts:
        assert page_ids(text) == plain.findall(text), text


def test_external_load_is_the_pattern_s_leftmost_match() -> None:
    """external_load gives EXTERNAL_LOAD.search's match, on pages and on tangled strings."""
    import random

    from generator.postbuild import EXTERNAL_LOAD, external_load

    random.seed(3)
    pieces = ["<", ">", "//", "http:", "https:", "<img ", "<script ", "<link ", "rel=",
              "stylesheet", "href", "src", "=", '"', "'", " ", "a", "@import ", "url(", "data",
              "icon", "IMG", "SRC", "\n"]
    texts = ["".join(random.choice(pieces) for _ in range(random.randint(0, 25)))
             for _ in range(30000)]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")]
    texts += ['<img alt="a<b" src="//cdn.example/x.png">', "<style>@import url('//x')</style>"]
    found = 0
    for text in texts:
        expected = EXTERNAL_LOAD.search(text)
        match = external_load(text)
        assert (match and (match.start(), match.group(0))) == (
            expected and (expected.start(), expected.group(0))), text
        found += expected is not None
    assert found > 500  # the strings do hold loads from other hosts

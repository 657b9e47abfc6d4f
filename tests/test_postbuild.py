"""Each post-build check fails on a deliberately broken page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.csp import add_csp_meta, inline_script_hashes, policy
from generator.postbuild import check_html_validity, check_internal_links, check_site
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


def test_invalid_html_fails_the_nu_checker(site: Path) -> None:
    (site / "index.html").write_text(page("<p><div>block in a paragraph</div></p><spam>"))
    problems = check_html_validity(site, ROOT)
    if problems is None:
        pytest.skip("Java or vnu-jar missing")
    assert any(p.startswith("index.html:") and "HTML:" in p for p in problems)
    (site / "index.html").write_text(page("<p>fine</p>"))
    assert check_html_validity(site, ROOT) == []


def test_the_nu_checker_sees_only_new_or_changed_pages_with_a_cache(site: Path,
                                                                    tmp_path: Path,
                                                                    monkeypatch) -> None:
    import generator.postbuild as postbuild
    from generator.cache import BuildCache

    if postbuild.vnu_command(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    checked: list[list[str]] = []
    real_run = postbuild._run_vnu

    def recording_run(command, pages, site_dir):
        checked.append(sorted(p.relative_to(site_dir).as_posix() for p in pages))
        return real_run(command, pages, site_dir)

    monkeypatch.setattr(postbuild, "_run_vnu", recording_run)
    cache = BuildCache(tmp_path / "cache")
    (site / "index.html").write_text(page("<p>fine</p>"))
    (site / "b.html").write_text(page("<p><div>block in a paragraph</div></p>"))
    first = check_html_validity(site, ROOT, cache)
    assert any(p.startswith("b.html:") for p in first)
    assert check_html_validity(site, ROOT, cache) == first  # from the cache
    (site / "index.html").write_text(page("<p>still fine</p>"))
    assert check_html_validity(site, ROOT, cache) == first
    assert checked[0] == ["a/index.html", "b.html", "index.html"]
    assert checked[1:] == [["index.html"]]


def test_checkers_share_a_large_site_and_report_each_page(site: Path, monkeypatch) -> None:
    import generator.postbuild as postbuild

    if postbuild.vnu_command(ROOT) is None:
        pytest.skip("Java or vnu-jar missing")
    monkeypatch.setattr(postbuild, "PAGES_PER_CHECKER", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    started: list[int] = []
    real_popen = subprocess.Popen

    def counting_popen(command, *args, **kwargs):
        started.append(sum(1 for part in command if str(part).endswith(".html")))
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    (site / "index.html").write_text(page("<p>fine</p>"))
    (site / "b.html").write_text(page("<p><div>block in a paragraph</div></p>"))
    (site / "c.html").write_text(page("<ul><p>not a list item</p></ul>"))
    problems = check_html_validity(site, ROOT)
    assert sorted(started) == [1, 1, 2]  # four pages, three checkers at once
    assert {p.split(":")[0] for p in problems} == {"b.html", "c.html"}

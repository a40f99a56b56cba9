"""geo.report and ``geo report``: one offline page, escaped, sortable and filterable, in headless Chromium."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.ingest import ingest
from geo.report import write_report
from geo.store import open_store
from tests.store_fixtures import control_dir, corpus, duck_store  # noqa: F401
from tests.test_browser import browser  # noqa: F401
from tests.test_render import HOSTILE


@pytest.fixture(scope="module")
def report(duck_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    run = subprocess.run([sys.executable, "-m", "geo.cli", "report", str(duck_store[0]), "-o", str(out),
                          "--map", "timeline.html"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


def test_the_report_is_the_same_bytes_on_a_rerun(report, duck_store, tmp_path):
    with open_store(duck_store[0]) as store:
        again = write_report(store, tmp_path / "again.html", map_href="timeline.html")
    assert again.read_bytes() == report.read_bytes()


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, control_dir):
    folder = tmp_path_factory.mktemp("hostile")
    rows = [{"text": f"Russia holds about 90% of the Donetsk region, item {i}.", "date": f"2024-11-2{i}",
             "source": f"S{i} {HOSTILE}"} for i in range(3)]
    (folder / "h.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with open_store(folder / "s.duckdb") as store:
        ingest([folder / "h.jsonl"], store, control=[control_dir])
        return write_report(store, folder / "h.html")


def test_hostile_strings_are_escaped(hostile_report):
    html = hostile_report.read_text(encoding="utf-8")
    assert html.count("<script") == html.count("</script>") == 1
    assert "{{" not in html and "<img" not in html.lower().replace("&lt;img", "")


def _open(browser, path, width=1280, height=800):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    seen = {"requests": [], "dialogs": [], "errors": []}
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (seen["requests"].append(r.request.url), r.abort()))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.resolve().as_uri())
    return ctx, page, seen


@pytest.mark.browser
def test_hostile_strings_show_literally_in_chromium(browser, hostile_report):
    ctx, page, seen = _open(browser, hostile_report)
    assert seen == {"requests": [], "dialogs": [], "errors": []}
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert f"S0 {HOSTILE}" in page.locator("#groups").inner_text()
    ctx.close()


@pytest.mark.browser
def test_the_groups_table_sorts_and_filters(browser, report, tmp_path):
    ctx, page, seen = _open(browser, report)
    assert seen["requests"] == [] and seen["errors"] == []
    assert page.locator("svg").count() >= 4 and page.locator("a[href='timeline.html']").count() == 1
    column = [h.inner_text() for h in page.locator("#groups th").all()].index("times said")

    def said():
        return [int(r.locator("td").nth(column).inner_text()) for r in page.locator("#groups tbody tr").all()
                if r.is_visible()]

    page.locator("#groups th").nth(column).click()
    ascending = said()
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    page.locator("#groups th").nth(column).click()
    assert said() == sorted(ascending, reverse=True)
    page.fill("#filter", "kharkiv")
    rows = [r.inner_text().lower() for r in page.locator("#groups tbody tr").all() if r.is_visible()]
    assert rows and all("kharkiv" in r for r in rows) and len(rows) < len(ascending)
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    ctx.close()
    ctx, page, _ = _open(browser, report, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ctx.close()

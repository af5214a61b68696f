"""report.html in a real browser, offline: the theme explorer searched and filtered, and axe-core's audit.

Needs Debian's ``chromium`` package and the ``playwright`` Python package (never ``playwright
install``), as tests/test_browser_review.py does; the accessibility audit also needs axe-core from
the npm registry (``npm install --no-save axe-core`` in the repository, which git ignores, or
``AXE_CORE=/path/to/axe.min.js``). Each part skips with the reason where what it needs is missing.
Every request but the page's own file is aborted and recorded: the page must ask for none. Set
``CONSULT_SCREENSHOT_DIR`` to keep screenshots at desktop and phone widths.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from test_browser_review import CHROMIUM, CHROMIUM_ARGS
from test_summary import build

from consult.core import files
from consult.report import stage as report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["Individual"] * 12 + ["Organisation"] * 8
COMMENTS = ([f"The bus to town is late every day ({i})" for i in range(6)]
            + [f"Parking by the station costs too much ({i})" for i in range(6)]
            + [f"Bus fares and parking both matter to our members ({i})" for i in range(4)]
            + ["</script><script>alert('comment')</script> the BUS shelter", "n/a", "",
               "A quiet street, thank you"])


def _axe() -> Path | None:
    for candidate in (os.environ.get("AXE_CORE"), ROOT / "node_modules" / "axe-core" / "axe.min.js"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """report.html of a small consultation: two groups of respondents, comments on buses and parking."""
    q1 = ["Agree"] * 10 + ["Disagree"] * 6 + ["Neither agree nor disagree"] * 4
    cfg, _ = build(tmp_path_factory.mktemp("page"), q1, types=TYPES, comments=COMMENTS)
    themes = pd.DataFrame([
        {"question_id": "comments", "theme_id": "T01", "label": "Buses", "top_terms": "bus", "n": 11, "base": 18,
         "pct": 61.1111, "sentiment": 0.0, "source": "model", "quote_1": COMMENTS[0], "quote_2": COMMENTS[16]},
        {"question_id": "comments", "theme_id": "T02", "label": "Parking", "top_terms": "parking", "n": 10,
         "base": 18, "pct": 55.5556, "sentiment": 0.0, "source": "model", "quote_1": COMMENTS[6], "quote_2": ""},
        {"question_id": "comments", "theme_id": "other", "label": "Other", "top_terms": "", "n": 1, "base": 18,
         "pct": 5.5556, "sentiment": 0.0, "source": "model", "quote_1": "", "quote_2": ""},
    ])
    themes_of = {**{i: ["T01"] for i in range(6)}, **{i: ["T02"] for i in range(6, 12)},
                 **{i: ["T01", "T02"] for i in range(12, 16)}, 16: ["T01"], 19: ["other"]}
    assignments = pd.DataFrame([{"respondent_id": f"R{i + 1:04d}", "question_id": "comments", "theme_id": t,
                                 "weight": 1.0, "primary": True, "source": "model"}
                                for i, ids in themes_of.items() for t in ids])
    files.write_csv(themes, cfg.processed_dir / "themes.csv")
    files.write_csv(assignments, cfg.processed_dir / "theme_assignments.csv")
    responses = files.read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    responses.loc[responses["comments"] == "n/a", "comments__status"] = "non-answer"
    files.write_csv(responses, cfg.processed_dir / "responses.csv")
    return report.run(cfg).paths["report.html"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open(browser: object, path: Path, width: int, requested: list[str], problems: list[str], **context: object):
    """A page of ``path`` at ``width`` pixels, every request but the file itself aborted and recorded."""
    page = browser.new_context(viewport={"width": width, "height": 900}, **context).new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: problems.append(f"a dialog: {dialog.message}"))

    def route(request_route: object) -> None:
        url = request_route.request.url
        if url == path.as_uri():
            request_route.continue_()
        else:
            requested.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    return page


def _shown(page: object) -> list[str]:
    return page.locator("[data-explorer] .comments li > p:first-child").all_inner_texts()


def test_the_explorer_searches_and_filters_offline(browser: object, report_html: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    requested: list[str] = []
    problems: list[str] = []
    page = _open(browser, report_html, 1280, requested, problems)
    explorer = page.locator('[data-explorer="comments"]')
    expect(explorer).to_be_visible()  # the script ran under the page's Content-Security-Policy
    status = explorer.locator(".status")
    expect(status).to_have_text("18 of 18 comments shown.")  # "n/a" and the blank are not comments
    assert "</script><script>alert('comment')</script> the BUS shelter" in _shown(page)  # text, not markup

    page.get_by_label("Words in the comment").fill("bus")
    expect(status).to_have_text("11 of 18 comments shown.")
    assert all("bus" in text.lower() for text in _shown(page))
    assert explorer.locator("mark").first.inner_text().lower() == "bus"

    page.get_by_label("Respondent type").select_option(label="Organisation")  # respondents 13-20
    expect(status).to_have_text("5 of 18 comments shown.")
    assert sorted(_shown(page))[:2] == ["</script><script>alert('comment')</script> the BUS shelter",
                                        "Bus fares and parking both matter to our members (0)"]

    page.get_by_label("Words in the comment").fill("")
    page.get_by_label("Theme", exact=True).select_option(label="Parking (10)")
    expect(status).to_have_text("4 of 18 comments shown.")
    assert all(text.startswith("Bus fares and parking") for text in _shown(page))
    assert explorer.locator(".tags").first.inner_text() == "Themes: Buses; Parking"

    page.keyboard.press("Tab")  # keyboard: focus moves from the theme filter on, visibly
    assert page.evaluate("document.activeElement.tagName") in {"SELECT", "INPUT", "A", "BUTTON", "SUMMARY", "DIV"}
    assert requested == [] and problems == []
    _screenshots(browser, report_html, tmp_path)


def _screenshots(browser: object, path: Path, tmp_path: Path) -> None:
    """Desktop and phone widths; a phone's page scrolls only down (tables scroll inside their own box)."""
    keep = os.environ.get("CONSULT_SCREENSHOT_DIR")
    for name, width in (("desktop", 1280), ("phone", 390)):
        page = _open(browser, path, width, [], [])
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot = tmp_path / f"report_html_{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        if keep:
            shutil.copy(shot, Path(keep) / shot.name)


def test_axe_finds_no_serious_or_critical_violations(browser: object, report_html: Path) -> None:
    axe = _axe()
    if axe is None:
        pytest.skip("axe-core is not installed (npm install --no-save axe-core, or set AXE_CORE to axe.min.js)")
    for width in (1280, 390):
        requested: list[str] = []
        page = _open(browser, report_html, width, requested, [], bypass_csp=True)  # to add axe's script
        page.get_by_label("Words in the comment").fill("bus")  # the explorer showing comments
        for details in page.locator("details").all():
            details.evaluate("element => { element.open = true; }")
        page.add_script_tag(path=str(axe))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
                   for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"at {width} px"
        assert requested == []

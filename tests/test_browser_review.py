"""The review notebook in a real browser: JupyterLab on loopback, headless Chromium, driven by mouse:
show a long answer in full, open a respondent's whole response, rename a theme.

Needs Debian's ``chromium`` package and the ``playwright`` Python package (never ``playwright
install``); skips with the reason where either is missing. Set ``CONSULT_SCREENSHOT_DIR`` to keep
the screenshots it takes.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{log.read_text()[-2000:]}")


LONG_END = "Write to jane.doe@example.com"


def _campaign_and_long_answer(path: Path) -> None:
    """R01–R03 send one campaign text; R04 writes a long answer ending with an e-mail address."""
    responses = pd.read_csv(path, dtype=str, keep_default_na=False)
    campaign = responses["respondent_id"].isin(["R01", "R02", "R03"])
    responses.loc[campaign, "q_why"] = "Scrap the parking charges now, say the town centre traders"
    responses.loc[campaign, "q_why__campaign"] = "1"
    responses.loc[responses["respondent_id"] == "R04", "q_why"] = (
        "Parking is expensive and the charges keep rising every single year. " * 6 + LONG_END)
    responses.to_csv(path, index=False)


@pytest.fixture()
def lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """JupyterLab serving a temporary copy of a small project; yields (base URL with token, project)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("jupyterlab is not installed in this environment")
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    _campaign_and_long_answer(project / "data" / "processed" / "town" / "responses.csv")
    notebook = nbformat.read(ROOT / "notebooks" / "review_themes.ipynb", as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = parameters.source.replace("example.yaml", "town.yaml")
    (project / "notebooks").mkdir()
    nbformat.write(notebook, project / "notebooks" / "review_themes.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = {**os.environ, "CONSULT_REVIEWER": "browser-test", "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings")}
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    log = tmp_path / "jupyterlab.log"
    command = [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={project}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:  # containers and CI runners often run as root
        command.append("--allow-root")
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=project)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/api/status?token={token}", server, log)
        yield f"{base}/lab/tree/notebooks/review_themes.ipynb?token={token}", project
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_review_a_theme_in_jupyterlab(lab: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    url, project = lab
    decisions = project / "consultations" / "town.review.yaml"
    shots = [tmp_path / f"review_widget{part}.png" for part in ("", "_responses", "_decisions")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        try:
            page.goto(url)
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=90_000)
            try:  # a fresh server may ask which kernel to start
                page.locator(".jp-Dialog").get_by_role("button", name="Select").click(timeout=15_000)
            except PlaywrightTimeout:
                pass
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
            # start "Run All" without awaiting its promise (it settles only when every cell has run)
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            label = page.locator(".widget-text", has=page.locator("label", has_text="New label")).locator("input")
            expect(label).to_be_visible(timeout=120_000)
            expect(page.get_by_text("campaign text, 3 respondents")).to_be_visible()

            # a long answer is cut until "show all"; the e-mail address is redacted
            expect(page.get_by_text(LONG_END)).to_have_count(0)
            page.get_by_role("button", name="show all").click()
            expect(page.get_by_text("Write to [email]")).to_be_visible(timeout=10_000)
            # the campaign's whole response, one click away
            page.get_by_role("button", name="whole response").first.click()
            expect(page.get_by_text("Whole response of R01, one of the 3 respondents")).to_be_visible(timeout=10_000)
            expect(page.locator("td", has_text="Where do you live?").last).to_be_visible()
            page.get_by_text("Whole response of R01").scroll_into_view_if_needed()
            page.screenshot(path=str(shots[1]), full_page=False)

            label.scroll_into_view_if_needed()
            label.fill("Cost of parking")
            page.get_by_role("button", name="Rename", exact=True).click()
            status = page.get_by_text("saved to town.review.yaml")
            expect(status).to_be_visible(timeout=30_000)
            expect(page.locator("select option", has_text="T01 · Cost of parking")).to_have_count(1)
            page.locator(".widget-dropdown").first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots[0]), full_page=False)
            # the decisions log, refreshed by the click
            page.get_by_text("Decisions so far (1)").click()
            expect(page.locator("td", has_text="browser-test")).to_be_visible(timeout=10_000)
            page.get_by_text("Decisions so far (1)").scroll_into_view_if_needed()
            page.screenshot(path=str(shots[2]), full_page=False)
        finally:
            browser.close()
    keep = os.environ.get("CONSULT_SCREENSHOT_DIR")
    if keep:
        for shot in shots:
            shutil.copy(shot, Path(keep) / shot.name)
    [entry] = yaml.safe_load(decisions.read_text(encoding="utf-8"))["decisions"]
    assert (entry["action"], entry["label"], entry["who"]) == ("rename", "Cost of parking", "browser-test")
    assert entry["theme"]["label"] == "parking charges"

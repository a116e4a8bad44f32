"""The HTML report in a real browser (headless Chromium): it renders, its script runs without
errors, and a screenshot shows it. Skipped where Chromium is not installed
(scripts/install-chromium.sh installs it)."""

import shutil
import subprocess

import pytest

from storyweave.render.html import render_html

from .sample import sample_brief

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    if not CHROMIUM:
        pytest.skip("chromium is not installed (scripts/install-chromium.sh)")
    return subprocess.run(
        [CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_report_renders_offline_and_its_script_runs(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(render_html([sample_brief()]), encoding="utf-8")
    # Any attempt to fetch something would fail: the proxy points nowhere.
    done = chromium("--proxy-server=127.0.0.1:9", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-500:]
    dom = done.stdout
    assert 'class="js"' in dom  # report.js ran
    assert '<circle class="point"' in dom and 'class="cell covered"' in dom


def test_screenshot_shows_the_report(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(render_html([sample_brief()]), encoding="utf-8")
    shot = tmp_path / "brief.png"
    done = chromium("--window-size=1100,1600", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr[-500:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank page is a few kilobytes

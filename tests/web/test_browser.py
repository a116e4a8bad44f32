"""The web UI in a real headless Chromium (Debian's chromium + chromium-driver, driven by
selenium): story list -> story -> citation -> the cited sentence highlighted on the article
page, under the Content-Security-Policy, with a hostile article that stays inert. Skipped where
Chromium or its driver is missing (scripts/install-chromium.sh installs both).

With STORYWEAVE_SCREENSHOTS=DIR the screenshots are also written there (`make screenshot-serve`
refreshes docs/story-page.png and docs/article-page.png that way)."""

import os
import shutil
from pathlib import Path

import httpx
import pytest

from .support import HOSTILE, post_articles

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
# How this project starts Chromium (as in tests/render/test_browser.py), plus no background
# traffic: nothing may be fetched from outside.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1100,1500",
]


@pytest.fixture
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium and chromedriver are not installed (scripts/install-chromium.sh)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium must not try to download one.
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def console_problems(driver) -> list[str]:
    """Script errors and Content-Security-Policy refusals the page logged."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def keep_screenshot(driver, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    driver.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a blank page is ~5 kB
    wanted = os.environ.get("STORYWEAVE_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(wanted) / name)


def test_story_list_to_story_to_citation_to_the_highlighted_sentence(
    browser, live_server, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    listing = httpx.get(f"{live_server}/api/stories").json()["stories"]
    biggest = max(listing, key=lambda s: s["articles"])
    browser.get(live_server + "/")
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.story-title")]
    assert titles == [s["title"] for s in listing]
    assert "js" in browser.find_element(By.TAG_NAME, "html").get_attribute("class")

    browser.find_element(By.LINK_TEXT, biggest["title"]).click()
    WebDriverWait(browser, 20).until(ready.url_contains(f"/stories/{biggest['id']}"))
    assert browser.find_element(By.TAG_NAME, "h1").text == biggest["title"]
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle.point")
    keep_screenshot(browser, tmp_path, "story-page.png")

    citation = browser.find_element(By.CSS_SELECTOR, "ol.summary a.cite")
    article, start, end = (citation.get_attribute(f"data-{k}") for k in ("article", "start", "end"))
    citation.click()
    WebDriverWait(browser, 20).until(ready.url_contains(f"#c-{start}-{end}"))
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "mark.cited.current")
    )
    text = httpx.get(f"{live_server}/api/articles/{article}").json()["text"]
    current = browser.find_elements(By.CSS_SELECTOR, "mark.cited.current")
    assert "".join(m.get_attribute("textContent") for m in current) == text[int(start) : int(end)]
    # The highlighted sentence is on screen, not somewhere below the fold.
    top = current[0].location["y"] - browser.execute_script("return window.scrollY")
    assert 0 <= top <= browser.execute_script("return window.innerHeight")
    keep_screenshot(browser, tmp_path, "article-page.png")
    assert console_problems(browser) == []


def test_a_hostile_article_runs_nothing_in_the_browser(browser, live_server):
    with httpx.Client(base_url=live_server, timeout=60) as client:
        assert post_articles(client, HOSTILE).status_code == 201
        story = client.get(f"/api/articles/{HOSTILE['id']}").json()["stories"][0]["id"]
    for path in ("/", f"/stories/{story}", f"/articles/{HOSTILE['id']}", "/search?q=Quillby"):
        browser.get(live_server + path)
        for link in browser.find_elements("css selector", "a"):
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        for element in browser.find_elements("css selector", "a, mark, h1, p, code, strong"):
            browser.execute_script(
                "arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))",
                element,
            )
        assert browser.execute_script("return window.__pwned === undefined"), path
        assert "window.__pwned" in browser.find_element("tag name", "body").text, path

"""The reading view of the 2021 text in a real browser: Debian's Chromium, headless, driven by
selenium through Debian's chromedriver (nothing is downloaded at run time). The page is loaded from
disk (file://); the test checks what the browser rendered, not the HTML source.

Without Chromium the test is skipped, unless ``ANALYSIS_REQUIRE_BROWSER=1`` (set by ``.ci/run``,
which installs it with ``.ci/install-browser``): then it fails.
"""

from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path

import pytest

from analysis.classify.paragraphs import analyse_paragraphs, operative_paragraphs
from analysis.corpus.parser import parse
from analysis.output.reading import reading_view
from conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WIDTH, HEIGHT = 1200, 900
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
         f"--window-size={WIDTH},{HEIGHT}"]


def _missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return f"Chromium is not installed ({CHROMIUM}, {CHROMEDRIVER}): run .ci/install-browser as root"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: make env (it is in the dev extras)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("ANALYSIS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ANALYSIS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:  # the viewport itself at WIDTH x HEIGHT (the window size would include the window's frame)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The 2021 text's reading view on disk, and the classification it shows."""
    texts = operative_paragraphs([parse(REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt")])
    classification = analyse_paragraphs(texts)
    path = reading_view(classification, texts).write(tmp_path_factory.mktemp("reading") / "view.html")
    return path, classification


def test_the_browser_shows_phrases_legend_and_numbers(browser, page):
    from selenium.webdriver.common.by import By

    path, classification = page
    browser.get(path.as_uri())
    assert browser.title == "Reading view: TA-9-2021-0056_BG"
    # no resource fetched from anywhere: the page is self-contained
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    numbers = browser.find_elements(By.CSS_SELECTOR, ".rv-paragraphs .rv-num")
    assert [n.text for n in numbers] == [f"{i}." for i in range(1, 28)]  # 27 operative paragraphs
    assert all(n.is_displayed() and n.size["width"] > 0 for n in numbers)

    marks = browser.find_elements(By.CSS_SELECTOR, ".rv-paragraphs mark.rv-phrase")
    assert [m.text for m in marks] == list(classification.phrases["surface"])  # 53, in order
    assert all(m.is_displayed() and m.size["height"] > 0 for m in marks)
    # Colours as rendered. Strength 4.0 is level 4, drawn at 0.18 + 4 * 0.14 = 0.74 of the act's colour
    # on white: directive #0072B2 -> (255 - 255 * .74, 255 - 141 * .74, 255 - 77 * .74) = (66, 151, 198);
    # negative judgement #D55E00 -> (255 - 42 * .74, 255 - 161 * .74, 255 - 255 * .74) = (224, 136, 66).
    first = marks[0]  # "настоятелно призовава" (strength 4.0) opens paragraph 1
    assert first.get_attribute("class") == "rv-phrase rv-act-directive rv-s4"
    assert first.value_of_css_property("background-color") == "rgba(66, 151, 198, 1)"
    condemns = next(m for m in marks if m.text == "осъжда")  # paragraph 5, strength 4.0
    assert condemns.value_of_css_property("background-color") == "rgba(224, 136, 66, 1)"
    assert condemns.value_of_css_property("border-bottom-color") == "rgba(213, 94, 0, 1)"

    badges = browser.find_elements(By.CSS_SELECTOR, ".rv-paragraphs .rv-addressee")
    assert len(badges) == classification.addressees[["number", "order"]].drop_duplicates().shape[0]
    assert badges[0].text == "→ kz_government" and badges[0].is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, ".rv-paragraphs .rv-theme")) == len(classification.themes)

    legend = browser.find_element(By.CSS_SELECTOR, "section.rv-legend")
    assert legend.is_displayed() and legend.find_element(By.TAG_NAME, "h2").text == "Legend"
    rows = legend.find_elements(By.CSS_SELECTOR, "table.rv-legend-acts tbody th")
    assert [r.text for r in rows] == ["Directive", "Negative judgement", "Positive judgement", "Emphasis",
                                      "Observation", "Support", "Procedural"]  # data/taxonomy/acts.csv
    swatches = legend.find_elements(By.CSS_SELECTOR, "mark.rv-phrase")
    assert len(swatches) == 7 * 6 + 1  # 7 acts x 6 shades, and the overlap sample
    assert "uncoded opening" in legend.text and "paragraph number" in legend.text


def test_screenshot_shows_the_act_colours(browser, page):
    from PIL import Image

    path, _ = page
    browser.get(path.as_uri())
    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    colours = image.getcolors(maxcolors=WIDTH * HEIGHT)
    counts = {rgb: n for n, rgb in colours}
    assert len(counts) > 20  # not blank
    # the two act colours worked out by hand above fill whole boxes in the first screen
    assert counts.get((66, 151, 198), 0) > 200 and counts.get((224, 136, 66), 0) > 20


def test_the_page_prints(browser, page):
    from selenium.webdriver.common.print_page_options import PrintOptions

    path, _ = page
    browser.get(path.as_uri())
    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF")
    # 27 paragraphs and the legend do not fit on one A4/Letter page: the print style lays them on several
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3

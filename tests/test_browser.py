"""A reader and two reviewers in a real browser: headless Chromium driven by Playwright.

Against a live server with the demo loaded (two reviewers per verdict): open the overview,
follow a due prediction, see its quote highlighted, log in as the demo reviewer and review it
with archived evidence, see the review hidden from the second reviewer until they give theirs,
then see the verdict and the agreement behind it on the overview. Then the overview, a
prediction page and a source page in each language at a desktop's and a phone's width: nothing
wider than the window, charts inside it, every highlight showing exactly its quote as written.
Screenshots of each are saved under screenshots/ (git-ignored; CI keeps them as artifacts) for
people to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from claims.demo.loader import load_demo
from claims.display import shown_text
from claims.models import Outcome, Prediction, Source
from claims.text import canonicalize_text, text_sha256
from claims.views.sources import text_page
from tests.clock import noon

pytestmark = pytest.mark.browser

# CI keeps what is left here as the run's artifacts (.ci/run); HINDSIGHT_SCREENSHOTS sends a
# second run's elsewhere, so the clock-ahead runs do not replace the present day's.
SCREENSHOTS = Path(os.environ.get("HINDSIGHT_SCREENSHOTS") or Path(settings.BASE_DIR) / "screenshots")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: launching it is most of a short test's time."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch:
        # Playwright's sync API keeps an event loop in this thread; the ORM calls in the tests
        # themselves are still synchronous, and the live server runs in its own thread.
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # The live server's request threads close their connections after each request, so
        # none is left open on the test database when it is dropped.
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


def log_in(page, username: str, password: str, prediction: Prediction) -> None:
    """Through the admin's login page, back to the prediction."""
    page.get_by_role("link", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(rf"/predictions/{prediction.pk}/$"))


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def review(page, note: str) -> None:
    """Give a "came true" review through the form, with one piece of archived evidence."""
    form = page.locator("section[aria-labelledby=record-h] form").first
    form.locator("input[name=verdict][value=came_true]").check()
    # The day the outcome became known, not today's: the field is not prefilled.
    form.locator("input[name=known_on]").fill("2026-01-15")
    form.locator("input[name='evidence-0-url']").fill("https://example.org/evidence")
    form.locator("input[name='evidence-0-title']").fill("Evidence page")
    form.locator("textarea[name='evidence-0-passage']").fill("It happened, the page says.")
    form.locator("input[name='evidence-0-retrieved_on']").fill(timezone.localdate().isoformat())
    form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name="Record outcome").click()
    page.wait_for_url(re.compile(r"/predictions/\d+/#reviews$"))


def test_it_takes_a_reader_from_a_due_prediction_to_a_reviewers_verdict(
    transactional_db, live_server, browser
):
    # transactional_db first: the test database is then torn down after the live server stops.
    load_demo(today=dt.date(2026, 11, 23), now=noon(dt.date(2026, 11, 23)))
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_default_timeout(15_000)

    # The overview lists due predictions first thing.
    page.goto(live_server.url + "/")
    assert page.title() == "Overview · Hindsight"
    due = page.locator("section[aria-labelledby=due-h] a.statement").first
    due.click()
    page.wait_for_url(re.compile(r"/predictions/\d+/$"))
    prediction = Prediction.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert prediction.status == "due"
    assert page.locator("blockquote.statement").inner_text() == prediction.statement

    # The quote is highlighted in its source's context.
    first_span = prediction.spans.order_by("source_id", "start").first()
    mark = page.locator("figure.span-context mark").first
    assert mark.is_visible()
    assert mark.inner_text() == first_span.quote
    assert page.locator("section[aria-labelledby=record-h]").count() == 0  # readers get no form

    # Log in as the demo reviewer through the admin's login page, back to this prediction.
    log_in(page, "reviewer", "hindsight-reviewer", prediction)

    # Review it through the form on the prediction page, with one piece of archived evidence.
    review(page, "Checked in the browser test.")
    assert "Recorded your review: Came true" in page.locator(".messages").inner_text()
    record = page.locator("section#reviews")
    assert "1 of 2 reviews in, yours among them." in record.inner_text()
    assert page.get_by_role("link", name="Evidence page").is_visible()

    # The second reviewer does not see the first review until they give theirs.
    log_out(page)
    log_in(page, "reviewer2", "hindsight-reviewer2", prediction)
    assert "1 of 2 reviews in, hidden until you give yours." in record.inner_text()
    assert "Checked in the browser test." not in page.content()
    review(page, "Agreed in the browser test.")
    prediction.refresh_from_db()
    assert (prediction.status, prediction.verdict) == ("resolved", "came_true")
    assert "2/2 reviewers · evidence archived · known" in page.locator(".verdict-line").inner_text()
    assert "Checked in the browser test." in record.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "prediction.png"), full_page=True)

    reviews = Outcome.objects.filter(prediction=prediction).order_by("id")
    assert [(r.verdict, r.reviewer.username) for r in reviews] == [
        ("came_true", "reviewer"),
        ("came_true", "reviewer2"),
    ]

    # The verdict shows on the overview, among the recently resolved.
    page.goto(live_server.url + "/")
    resolved = page.locator("section[aria-labelledby=resolved-h] li.prediction").filter(
        has=page.locator(f'a[href="/predictions/{prediction.pk}/"]')
    )
    assert resolved.count() == 1
    assert " ".join(resolved.locator(".badge").inner_text().split()) == "✓ Came true"
    assert "2/2 reviewers · evidence archived" in resolved.inner_text()
    assert page.locator("section#backlog").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(live_server.url + "/")
    phone.screenshot(path=str(SCREENSHOTS / "overview-phone.png"))
    phone.close()

    # The reader opens the source at the span, every span highlighted and linked.
    page.goto(live_server.url + f"/predictions/{prediction.pk}/")
    page.locator("figure.span-context figcaption a", has_text="read in context").first.click()
    page.wait_for_url(re.compile(rf"/sources/{first_span.source_id}/#span-{first_span.pk}$"))
    target = page.locator(f"#span-{first_span.pk} + a mark")
    assert target.inner_text() == first_span.quote
    assert page.locator("article.source-text mark").count() >= first_span.source.spans.count()
    page.screenshot(path=str(SCREENSHOTS / "source.png"))

    # Everything came from the live server: no CDN, no web font, no other host.
    assert requested and all(url.startswith(live_server.url) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
    # Playwright's greenlets give this test body a connection of its own: close it, or the
    # test database cannot be dropped at the end of the session.
    connection.close()


# Runs before any script of the page: collects what the Content-Security-Policy blocked.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


def test_the_dashboard_the_admin_and_the_api_docs_work_under_the_content_security_policy(
    transactional_db, live_server, browser
):
    load_demo(today=dt.date(2026, 11, 23), now=noon(dt.date(2026, 11, 23)))
    prediction = Prediction.objects.filter(spans__isnull=False).order_by("pk").first()
    source_id = prediction.spans.order_by("pk").first().source_id
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.set_default_timeout(20_000)
    page.add_init_script(WATCH_CSP)
    problems: list[str] = []
    page.on(
        "console", lambda message: message.type == "error" and problems.append(f"console: {message.text}")
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def visit(path: str, ready: str) -> None:
        """Open `path`, wait until `ready` shows (the page's scripts have run), then look."""
        if path:
            response = page.goto(live_server.url + path)
            assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.locator(ready).first.wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert not violations and not problems, (page.url, violations, problems)

    visit("/", "section[aria-labelledby=due-h]")
    visit(f"/predictions/{prediction.pk}/", "blockquote.statement")
    visit(f"/sources/{source_id}/", "article.source-text mark")
    visit("/admin/login/", "#id_username")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "hindsight-curator")
    page.click("input[type=submit]")
    visit("", "#site-name")
    visit("/admin/claims/prediction/", "#result_list")
    # The changelist's scripts work: "select all" ticks every row.
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select:checked").count() == page.locator("input.action-select").count()
    visit(f"/admin/claims/prediction/{prediction.pk}/change/", "#prediction_form")
    # Swagger UI renders the schema into operations; ReDoc renders it into its three panes.
    visit("/api/docs/", ".swagger-ui .opblock")
    assert "Hindsight API" in page.locator(".swagger-ui .info .title").inner_text()
    visit("/api/redoc/", "#redoc-container .api-content h1")
    assert "Hindsight API" in page.locator("#redoc-container .api-content h1").first.inner_text()
    page.locator("#redoc-container input[placeholder='Search...']").fill("predictions")
    page.locator("#redoc-container [role=search] li").first.wait_for(state="visible")
    visit("", "#redoc-container")

    # Nothing from another host; ReDoc's search worker is a blob: of this origin.
    here = (live_server.url, f"blob:{live_server.url}")
    assert requested and all(url.startswith(here) for url in requested), [
        url for url in requested if not url.startswith(here)
    ]
    connection.close()


PHONE = {"width": 390, "height": 844}
# A full-page screenshot of a long source page took over 15 s on a busy two-core CI machine.
SCREENSHOT_TIMEOUT = 60_000
# What each page must keep within a phone's width; measured in the browser, not guessed.
FITS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".scroll-x"))
    .map((el) => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className : ""));
  const ticks = [...document.querySelectorAll("svg.chart text.tick")]
    .filter((t) => t.getClientRects().length)  // not in a hidden column
    .map((t) => t.getBoundingClientRect().height);
  return {
    overflow: document.documentElement.scrollWidth - width,
    wide: wide.slice(0, 8),
    smallest_tick: ticks.length ? Math.min(...ticks) : null,
  };
}"""


def test_the_pages_fit_a_phone_with_legible_charts(transactional_db, live_server, browser):
    load_demo(today=dt.date(2026, 11, 23), now=noon(dt.date(2026, 11, 23)))
    prediction = Prediction.objects.filter(spans__isnull=False, status="resolved").order_by("pk").first()
    source_id = prediction.spans.order_by("pk").first().source_id
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, locale="en-US", is_mobile=True)
    page.set_default_timeout(15_000)
    for name, path in [
        ("overview", "/"),
        ("prediction", f"/predictions/{prediction.pk}/"),
        ("source", f"/sources/{source_id}/"),
        ("speaker", f"/speakers/{prediction.speaker_id}/"),
        ("list", "/predictions/"),
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(
            path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True, timeout=SCREENSHOT_TIMEOUT
        )
        if name == "overview":
            timeline = page.locator("section[aria-labelledby=timeline-h]")
            timeline.screenshot(path=str(SCREENSHOTS / "phone-overview-timeline.png"))
        fit = page.evaluate(FITS)
        assert fit["overflow"] <= 0 and not fit["wide"], (path, fit)
        # Axis labels at least 9 CSS pixels tall: readable without zooming.
        assert fit["smallest_tick"] is None or fit["smallest_tick"] >= 9, (path, fit)
    connection.close()


# Each language through Accept-Language (the browser's locale), as a first visit sends it.
LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}
WIDTHS = {1400: {"width": 1400, "height": 900}, 390: PHONE}
SEED_004 = Path(settings.BASE_DIR) / "claims" / "demo" / "seeds" / "004_ea5b8727a9de0152.txt"
# Measured in the page: how far it scrolls sideways, and each visible chart's box.
LAYOUT = """() => ({
  scroll_width: document.scrollingElement.scrollWidth,
  inner_width: window.innerWidth,
  charts: [...document.querySelectorAll("svg")]
    .filter((svg) => svg.getClientRects().length)
    .map((svg) => { const r = svg.getBoundingClientRect(); return [r.left, r.right]; }),
})"""
# Each span's highlighted characters on the source page: the marks after its anchor, up to the
# next anchor (a mark is cut wherever another span starts or ends, and at markup).
MARKED = """() => {
  const marked = {};
  let current = null;
  const walker = document.createTreeWalker(document.querySelector("article.source-text"), NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.classList.contains("span-anchor")) {
      current = node.id;
      marked[current] = "";
    } else if (node.tagName === "MARK" && current) {
      marked[current] += node.textContent;
    }
  }
  return marked;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_in_each_language_fits_the_width_and_marks_exactly_the_quotes(
    transactional_db, live_server, browser, language, width
):
    load_demo(today=dt.date(2026, 11, 23), now=noon(dt.date(2026, 11, 23)))
    # The Traditional-Chinese seed with pinyin and one paragraph a line: the hardest to render.
    source = Source.objects.get(sha256=text_sha256(canonicalize_text(SEED_004.read_bytes().decode("utf-8"))))
    prediction = (
        Prediction.objects.filter(spans__source=source).exclude(status="draft").order_by("pk").first()
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    phone = width < 600
    context = browser.new_context(
        viewport=WIDTHS[width],
        locale=LANGUAGES[language],
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    for name, path in [
        ("overview", "/"),
        ("prediction", f"/predictions/{prediction.pk}/"),
        ("source", f"/sources/{source.pk}/"),
    ]:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        where = f"{path} in {language} at {width}px"
        assert response and response.status == 200, (where, response and response.status)
        assert page.locator("html").get_attribute("lang") == language, where
        layout = page.evaluate(LAYOUT)
        assert layout["scroll_width"] <= layout["inner_width"], (where, layout)
        assert all(
            left >= -0.5 and right <= layout["inner_width"] + 0.5 for left, right in layout["charts"]
        ), (
            where,
            layout,
        )
        if name == "overview":
            timeline = page.locator("section[aria-labelledby=timeline-h]").inner_text()
            assert layout["charts"], f"{where}: the overview draws its charts; {timeline[:300]!r}"
        # Measured before the screenshot: a full-page one resizes the window while it is taken.
        # In CSS pixels: a phone's full source page at twice the pixels is some 9 MB.
        page.screenshot(
            path=str(SCREENSHOTS / f"{name}-{language}-{width}.png"),
            full_page=True,
            scale="css",
            timeout=SCREENSHOT_TIMEOUT,
        )
    # Every span on the source page shows exactly its quote as written: markup and pinyin left out.
    _, text = text_page(source.pk, 0)
    spans = list(source.spans.exclude(prediction__status="draft").order_by("start", "end"))
    marked = page.evaluate(MARKED)
    overlapping = {
        span.pk
        for span in spans
        for other in spans
        if other.pk != span.pk and other.start < span.end and span.start < other.end
    }
    checked = 0
    for span in spans:
        if span.pk in overlapping:  # their shared characters are marked once, for the first span
            continue
        expected = shown_text(text.text, span.start - text.start, span.end - text.start)
        assert marked.get(f"span-{span.pk}") == expected, (language, width, span.pk, span.quote)
        checked += 1
    assert checked >= 3, f"only {checked} spans checked on {source.pk}"
    context.close()
    connection.close()


SEED_003 = Path(settings.BASE_DIR) / "claims" / "demo" / "seeds" / "003_6244441d9e2e7e9c.txt"
# What a reader sees in each language: the page's <html lang> and headings they would read.
IN = {
    "en": {
        "overview": "What came true, what is due, who is right",
        "source": "Predictions in this text",
        "speaker": "Track record",
    },
    "zh-hans": {
        "overview": "什么成真了，什么到期了，谁说对了",
        "source": "本文中的预测",
        "speaker": "预测记录",
    },
    "zh-hant": {
        "overview": "什麼成真了，什麼到期了，誰說對了",
        "source": "本文中的預測",
        "speaker": "預測紀錄",
    },
}
HEADING = {"overview": "h1", "source": "#in-h", "speaker": "#record-h"}
# Where the source page puts its text and its list of predictions.
READER = """() => {
  const box = (selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width}; };
  return {text: box("article.source-text"), list: box("aside.in-this-source")};
}"""


def marked_as_written(page, source: Source) -> int:
    """Every span on the open source page shows exactly its quote as written; returns how many
    were checked (overlapping spans share their characters, marked once, and are left out)."""
    _, text = text_page(source.pk, 0)
    spans = list(source.spans.exclude(prediction__status="draft").order_by("start", "end"))
    marked = page.evaluate(MARKED)
    overlapping = {
        span.pk
        for span in spans
        for other in spans
        if other.pk != span.pk and other.start < span.end and span.start < other.end
    }
    checked = 0
    for span in spans:
        if span.pk in overlapping:
            continue
        expected = shown_text(text.text, span.start - text.start, span.end - text.start)
        assert marked.get(f"span-{span.pk}") == expected, (source.pk, span.pk, span.quote)
        checked += 1
    return checked


def test_it_keeps_the_language_a_reader_picks_with_the_switcher(transactional_db, live_server, browser):
    load_demo(today=dt.date(2026, 11, 23), now=noon(dt.date(2026, 11, 23)))
    # A Simplified-Chinese transcript with Markdown: headings, bold speaker labels, lists, links.
    source = Source.objects.get(sha256=text_sha256(canonicalize_text(SEED_003.read_bytes().decode("utf-8"))))
    speaker = Prediction.objects.filter(spans__source=source).order_by("pk").first().speaker
    SCREENSHOTS.mkdir(exist_ok=True)
    # An English browser: every page below is in Chinese only because of what the reader picked.
    context = browser.new_context(viewport=WIDTHS[1400], locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(WATCH_CSP)
    problems: list[str] = []
    page.on(
        "console", lambda message: message.type == "error" and problems.append(f"console: {message.text}")
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    steps = 0

    def shows(name: str, language: str) -> None:
        """The open page is `name` in `language`, nothing blocked; a screenshot of it."""
        nonlocal steps
        page.wait_for_load_state("networkidle")
        where = f"{page.url} expected in {language}"
        assert page.locator("html").get_attribute("lang") == language, where
        assert page.locator(HEADING[name]).first.inner_text().strip() == IN[language][name], where
        # The switcher shows the language in force as its choice.
        assert page.locator("#language-select").input_value() == language, where
        # Each language named in itself whatever the page is in, so a reader finds theirs.
        assert page.locator("#language-select option").all_inner_texts() == [
            "English",
            "简体中文",
            "繁體中文",
        ], where
        violations = page.evaluate("window.__cspViolations")
        assert not violations and not problems, (where, violations, problems)
        steps += 1
        page.screenshot(path=str(SCREENSHOTS / f"switcher-{steps}-{name}-{language}.png"))

    def open_(name: str, path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response and response.status == 200, (path, response and response.status)

    def switch_to(label: str) -> None:
        """Pick `label` in the header's switcher and send it, as a reader does."""
        page.select_option("#language-select", label=label)
        page.locator("form.language button[type=submit]").click()
        page.wait_for_load_state()

    open_("overview", "/")
    shows("overview", "en")
    switch_to("简体中文")
    assert page.url == live_server.url + "/"  # back on the page the reader switched on
    shows("overview", "zh-hans")

    # Remembered on the next pages, the browser still asking for English.
    open_("source", f"/sources/{source.pk}/")
    shows("source", "zh-hans")
    # The transcript as written: its Markdown rendered, every highlight exactly its quote.
    article = page.locator("article.source-text")
    assert article.locator("h2, h3").count() >= 3 and article.locator("strong").count() >= 3
    assert "**" not in article.inner_text() and "\n#" not in article.inner_text()
    assert marked_as_written(page, source) >= 3
    # Beside the text, not under it: the text the wide column, the list of predictions in view.
    reader = page.evaluate(READER)
    assert reader["list"]["left"] >= reader["text"]["right"], reader
    assert reader["text"]["width"] > 2 * reader["list"]["width"], reader
    assert reader["list"]["top"] < WIDTHS[1400]["height"], reader
    open_("speaker", f"/speakers/{speaker.pk}/")
    shows("speaker", "zh-hans")

    switch_to("繁體中文")
    assert page.url == live_server.url + f"/speakers/{speaker.pk}/"
    shows("speaker", "zh-hant")
    open_("overview", "/")
    shows("overview", "zh-hant")
    open_("source", f"/sources/{source.pk}/")
    shows("source", "zh-hant")

    switch_to("English")
    shows("source", "en")
    open_("overview", "/")
    shows("overview", "en")
    context.close()
    connection.close()

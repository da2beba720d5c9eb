"""What a reader's browser shows: every page of the navigation in headless Chromium.

One Chromium serves the whole session. A first run loads every page of the navigation
once, from a server on 127.0.0.1, and records what the page asked for, what it logged
and what it shows (maths, figures, links); the tests per page then read that record.
The reader's interactions (search, the palette toggle, instant navigation) and the
screenshots use the same browser.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    ViewportSize,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from built_site.building import ROOT, Build
from built_site.conftest import record_screenshot
from built_site.navigation import NavPage, docs_dir, nav_pages, site_url
from built_site.serving import SiteServer

pytestmark = [pytest.mark.site, pytest.mark.browser]

NAV = nav_pages(ROOT)
INSPECT = (Path(__file__).with_name("inspect_page.js")).read_text(encoding="utf-8")
CHROMIUM_ARGS = [
    # No name but 127.0.0.1 resolves: a request for another host fails, and is recorded.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# The reader's searches, and the page (by source under docs/) each must open first.
SEARCHES = {
    "sigmoid": "activations.md",
    "Xavier": "initialization.md",
    "broadcasting": "vectorization.md",
}
# Pages photographed in both palettes, by source under docs/.
SCREENSHOT_PAGES = {
    "home": "index.md",
    "notation": "notation.md",
    "backpropagation": "backpropagation.md",
}
# Contrast of figure ink with the page behind it (WCAG 2 ratios): text must read as body
# text does (AA, 4.5:1); a line or a marker must at least stand out (2:1 lets the Okabe-Ito
# orange of a data series pass on white, and stops black ink on the dark palette).
TEXT_CONTRAST = 4.5
MARK_CONTRAST = 2.0


@dataclass
class Visit:
    """What loading one page did and showed."""

    page: NavPage
    status: int = 0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)


class _Recorder:
    """Listens to a browser context and files every event under the visit in progress."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.origin = origin
        self.visit: Visit | None = None
        self.in_flight: set[Request] = set()
        context.on("request", self._on_request)
        context.on("requestfinished", lambda request: self.in_flight.discard(request))
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("console", self._on_console)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self._file("page_errors", str(error)))

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _file(self, kind: str, entry: str) -> None:
        if self.visit is not None and entry not in getattr(self.visit, kind):
            getattr(self.visit, kind).append(entry)

    def _on_request(self, request: Request) -> None:
        if not self.is_local(request.url):
            self._file("foreign_requests", f"{request.resource_type} {request.url}")
        elif not request.url.startswith(("data:", "blob:")):
            self.in_flight.add(request)

    def _on_request_failed(self, request: Request) -> None:
        self.in_flight.discard(request)
        if self.is_local(request.url):
            self._file("failed_requests", f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._file("failed_requests", f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self._file("console_errors", f"{message.text} ({where})")

    def settle(self, page: Page, quiet_ms: int = 100, timeout_ms: int = 15_000) -> None:
        """Wait until the page has asked for nothing for ``quiet_ms`` (search index, sitemap)."""
        waited = quiet = 0
        while quiet < quiet_ms and waited < timeout_ms:
            page.wait_for_timeout(25)
            waited += 25
            quiet = 0 if self.in_flight else quiet + 25


# ---- the session's browser, server and visit of every page ---------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: `python3 dev.py test` installs it")
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(built_site: Build) -> Iterator[SiteServer]:
    with SiteServer(built_site.site, site_url(ROOT)) as running:
        yield running


@pytest.fixture(scope="session")
def new_context(chromium: Browser, server: SiteServer) -> Iterator[Callable[..., BrowserContext]]:
    """Open a fresh context: light palette, its own storage, no service worker."""
    opened: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        context = chromium.new_context(
            viewport=VIEWPORT, color_scheme="light", service_workers="block", **options
        )
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def visits(
    built_site: Build, server: SiteServer, new_context: Callable[..., BrowserContext]
) -> dict[str, Visit]:
    """Load every page of the navigation once, in order, in one tab, and record each."""
    context = new_context()
    recorder = _Recorder(context, server.origin)
    page = context.new_page()
    recorder.watch(page)
    visited: dict[str, Visit] = {}
    for nav_page in NAV:
        visit = recorder.visit = Visit(nav_page)
        visited[nav_page.source] = visit
        try:
            response = page.goto(server.url(nav_page.path), wait_until="load")
            visit.status = response.status if response is not None else 0
            recorder.settle(page)
            visit.report = page.evaluate(INSPECT)
        except PlaywrightError as error:  # one page that hangs must not hide the others
            visit.page_errors.append(f"the page could not be loaded and inspected: {error}")
    recorder.visit = None
    page.close()
    return visited


def _nav_ids() -> list[str]:
    return [page.label for page in NAV]


@pytest.fixture(params=NAV, ids=_nav_ids())
def visit(request: pytest.FixtureRequest, visits: dict[str, Visit]) -> Visit:
    loaded = visits[request.param.source]
    if not loaded.report and request.node.originalname != "test_page_loads_without_errors":
        pytest.fail(f"docs/{loaded.page.source} was not inspected:" + _listing(loaded.page_errors))
    return loaded


def _listing(entries: list[str]) -> str:
    return "\n  " + "\n  ".join(entries)


# ---- every page of the navigation -----------------------------------------------------------


def test_every_page_of_the_navigation_is_built(built_site: Build) -> None:
    assert NAV, "mkdocs.yml lists no page"
    missing = [
        f"{p.source} -> {p.built_file}"
        for p in NAV
        if not (built_site.site / p.built_file).is_file()
    ]
    assert not missing, "pages of the navigation that the build did not write:" + _listing(missing)


def test_page_loads_without_errors(visit: Visit) -> None:
    source = visit.page.source
    assert visit.status == 200, f"{source}: HTTP {visit.status} for {visit.page.path or '/'}"
    problems = (
        [f"console error: {entry}" for entry in visit.console_errors]
        + [f"script error: {entry}" for entry in visit.page_errors]
        + [f"failed request: {entry}" for entry in visit.failed_requests]
    )
    assert not problems, f"docs/{source}:" + _listing(problems)


def test_page_asks_nothing_of_another_host(visit: Visit) -> None:
    assert not visit.foreign_requests, (
        f"docs/{visit.page.source} made requests to hosts other than 127.0.0.1 "
        "(none resolves in the test's browser):" + _listing(visit.foreign_requests)
    )


def test_page_maths_is_rendered(visit: Visit) -> None:
    report, source = visit.report, visit.page.source
    problems = (
        [f"left unrendered: {tex}" for tex in report["unrendered"]]
        + [f"KaTeX error: {error}" for error in report["mathErrors"]]
        + [f"raw TeX visible: {snippet}" for snippet in report["rawTex"]]
    )
    assert not problems, f"docs/{source}:" + _listing(problems)
    if _source_has_maths(source):
        assert report["katex"] > 0, f"docs/{source} has maths but the page shows no KaTeX HTML"


def test_page_figures_and_images_are_shown_and_labelled(visit: Visit) -> None:
    problems = []
    for figure in visit.report["figures"]:
        what = figure["what"]
        if not figure["label"]:
            problems.append(f"{what} has no alt text or aria label")
        if figure["tag"] == "svg" and figure["inNnrefFigure"] and figure["role"] != "img":
            problems.append(f'{what} is a figure drawing without role="img"')
        if not figure["hiddenBy"] and (figure["width"] <= 0 or figure["height"] <= 0):
            problems.append(f"{what} takes no space ({figure['width']} x {figure['height']})")
        if figure["tag"] == "img" and not figure["loaded"]:
            problems.append(f"{what} did not load: {figure['source']}")
        if figure["tag"] == "svg" and figure["inNnrefFigure"] and figure["marks"] == 0:
            problems.append(f"{what} is empty")
    assert not problems, f"docs/{visit.page.source}:" + _listing(problems)


def test_page_figures_read_in_both_palettes(visit: Visit) -> None:
    problems = []
    for scheme, figures in visit.report["ink"].items():
        for ink in figures:
            where = f"{ink['what']} on the {scheme} palette (background {ink['background']})"
            text, mark = ink["text"], ink["mark"]
            if text and text["ratio"] < TEXT_CONTRAST:
                problems.append(
                    f"{where}: text {text['colour']} ({text['sample']!r}) on {text['against']} "
                    f"has contrast {text['ratio']:.2f}:1 < {TEXT_CONTRAST}:1"
                )
            if mark and mark["ratio"] < MARK_CONTRAST:
                problems.append(
                    f"{where}: a {mark['sample']} in {mark['colour']} has contrast "
                    f"{mark['ratio']:.2f}:1 < {MARK_CONTRAST}:1"
                )
    assert not problems, f"docs/{visit.page.source}:" + _listing(problems)


def test_page_internal_links_and_anchors_resolve(
    visit: Visit, built_site: Build, server: SiteServer
) -> None:
    problems = []
    for link in visit.report["links"]:
        problem = _unresolved(link["url"], built_site.site, server.origin)
        if problem:
            problems.append(f"[{link['text']}]({link['href']}): {problem}")
    assert not problems, f"docs/{visit.page.source}:" + _listing(problems)


def test_page_ids_are_unique(visit: Visit) -> None:
    duplicates = visit.report["duplicateIds"]
    shown = duplicates[:12] + (
        [f"... and {len(duplicates) - 12} more"] if len(duplicates) > 12 else []
    )
    assert not duplicates, (
        f"docs/{visit.page.source}: {len(duplicates)} ids used more than once, so a link to "
        "them or an SVG reference (clip path, marker) may land on the wrong element:"
        + _listing(shown)
    )


# ---- the reader's interactions --------------------------------------------------------------


@pytest.mark.parametrize("term", list(SEARCHES))
def test_search_finds_and_opens_the_right_page(
    term: str, server: SiteServer, new_context: Callable[..., BrowserContext]
) -> None:
    wanted = _nav_page(SEARCHES[term])
    page = new_context().new_page()
    page.goto(server.url(""))
    page.click("input.md-search__input")
    page.keyboard.type(term)
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for()
    ranked = [
        f"{urlsplit(link.get_attribute('href') or '').path} {link.inner_text().split(chr(10))[0]}"
        for link in results.all()[:5]
    ]
    start = page.url
    results.first.click()
    page.wait_for_function("start => location.href !== start", arg=start)
    page.wait_for_load_state("load")
    opened = unquote(urlsplit(page.url).path)
    assert opened == _url_path(wanted.path), (
        f"the first result for {term!r} opened {opened}, not {wanted.source} "
        f"({_url_path(wanted.path)}); the results, best first:" + _listing(ranked)
    )


def test_palette_toggle_switches_to_dark_and_back(
    server: SiteServer, new_context: Callable[..., BrowserContext], visits: dict[str, Visit]
) -> None:
    with_figure = next(
        (v.page for v in visits.values() if any(f["inNnrefFigure"] for f in v.report["figures"])),
        NAV[0],
    )
    page = new_context().new_page()
    page.goto(server.url(with_figure.path))
    seen = [_scheme(page)]
    for _ in range(2):
        _toggle_palette(page)
        seen.append(_scheme(page))
    assert seen == ["default", "slate", "default"], f"palette toggle went through {seen}"
    # The figure's text takes the palette's text colour: light on dark, dark on light.
    _toggle_palette(page)
    dark = page.evaluate(INSPECT)["ink"]["slate"]
    figures = [ink for ink in dark if ink["text"]]
    assert figures, f"{with_figure.source}: no figure with text to check"
    for ink in figures:
        assert ink["text"]["ratio"] >= TEXT_CONTRAST, f"{with_figure.source}: {ink}"


def test_instant_navigation_keeps_maths_and_figures(
    server: SiteServer, new_context: Callable[..., BrowserContext], visits: dict[str, Visit]
) -> None:
    """Walk the whole navigation with the footer's Next link, as a reader would."""
    assert len(NAV) > 1, "one page: nothing to navigate to"
    context = new_context()
    recorder = _Recorder(context, server.origin)
    page = context.new_page()
    recorder.watch(page)
    page.goto(server.url(NAV[0].path))
    recorder.settle(page)
    page.evaluate("window.nnrefLoadedOnce = true")  # a full page load would forget this
    problems: list[str] = []
    for nav_page in NAV[1:]:
        visit = recorder.visit = Visit(nav_page)
        loaded = visits[nav_page.source]
        full = loaded.report
        page.click("a.md-footer__link--next")
        page.wait_for_function(
            "([path, title]) => location.pathname === path && document.title === title",
            arg=[_url_path(nav_page.path), full["title"]],
        )
        recorder.settle(page)
        if not page.evaluate("window.nnrefLoadedOnce === true"):
            problems.append(f"{nav_page.source}: the Next link loaded the page anew")
            page.evaluate("window.nnrefLoadedOnce = true")
        now = page.evaluate(INSPECT, {"measureInk": False})
        where = f"{nav_page.source} after instant navigation"
        # Only what instant navigation changes: the page tests report the rest.
        maths = ("katex", "unrendered", "mathErrors", "rawTex")
        if any(now[key] != full[key] for key in maths):
            problems.append(
                f"{where}: the maths differs from a full load: "
                + "; ".join(
                    f"{key} {now[key]!r:.120} (full load: {full[key]!r:.120})" for key in maths
                )
            )
        shown = [f for f in now["figures"] if f["inNnrefFigure"] and not f["hiddenBy"]]
        expected = [f for f in full["figures"] if f["inNnrefFigure"] and not f["hiddenBy"]]
        blank = [f["what"] for f in shown if f["width"] <= 0 or f["height"] <= 0]
        blank_on_load = {f["what"] for f in expected if f["width"] <= 0 or f["height"] <= 0}
        blank = [what for what in blank if what not in blank_on_load]
        if len(shown) != len(expected) or blank:
            problems.append(
                f"{where}: {len(shown)} figure elements shown (a full load shows "
                f"{len(expected)}); without size: {blank}"
            )
        for kind in ("console_errors", "page_errors", "failed_requests", "foreign_requests"):
            new = [e for e in getattr(visit, kind) if e not in getattr(loaded, kind)]
            problems += [f"{where}: {kind.replace('_', ' ')[:-1]}: {entry}" for entry in new]
    recorder.visit = None
    assert not problems, "instant navigation:" + _listing(problems)


@pytest.mark.parametrize("name", list(SCREENSHOT_PAGES))
def test_screenshots_in_both_palettes(
    name: str,
    request: pytest.FixtureRequest,
    server: SiteServer,
    new_context: Callable[..., BrowserContext],
    screenshot_folder: Path,
) -> None:
    wanted = _nav_page(SCREENSHOT_PAGES[name])
    page = new_context().new_page()
    page.goto(server.url(wanted.path))
    page.wait_for_load_state("load")
    for scheme in ("light", "dark"):
        if scheme == "dark":
            _toggle_palette(page)
            assert _scheme(page) == "slate"
        page.evaluate("document.fonts.ready.then(() => true)")
        path = screenshot_folder / f"{name}-{scheme}.png"
        page.screenshot(path=path, full_page=True)
        record_screenshot(request.config, path)
        assert path.stat().st_size > 10_000, f"{path} is suspiciously small"


def test_pages_the_interactions_need_exist() -> None:
    """The searches and screenshots above name pages being written; list those still missing."""
    wanted = {*SEARCHES.values(), *SCREENSHOT_PAGES.values()}
    listed = {page.source for page in NAV}
    missing = sorted(source for source in wanted if source not in listed)
    assert not missing, "pages not yet in the navigation of mkdocs.yml:" + _listing(missing)


# ---- helpers --------------------------------------------------------------------------------


def _nav_page(source: str) -> NavPage:
    for page in NAV:
        if page.source == source:
            return page
    pytest.fail(f"docs/{source} is not in the navigation of mkdocs.yml (not written yet?)")


def _url_path(path: str) -> str:
    return "/" + path


def _scheme(page: Page) -> str:
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


def _toggle_palette(page: Page) -> None:
    before = _scheme(page)
    # The visible toggle is the label of the palette option not in use.
    page.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)


def _unresolved(url: str, site: Path, origin: str) -> str:
    """Why a link of the page does not resolve within the built site ('' when it does)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return ""  # another site, mailto:, javascript: ... not this site's business
    path = unquote(parts.path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    if not target.is_file():
        return f"no file {target.relative_to(site)} in the built site"
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in _ids(target):
        return f"no element with id {anchor!r} in {target.relative_to(site)}"
    return ""


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


@functools.cache
def _source_text(source: str) -> str:
    path = docs_dir(ROOT) / source
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _source_has_maths(source: str) -> bool:
    """Whether the page's source writes a formula or places a derivation (outside code)."""
    text = _source_text(source)
    text = re.sub(r"^\s*(```|~~~).*?^\s*\1", "", text, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"(`+).+?\1", "", text)
    return bool(re.search(r"\$\$|\\\(|\\\[|(?<![\\$])\$[^\s$][^$]*\$|\{\{\s*derivation\(", text))

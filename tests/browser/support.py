"""Real-browser helpers: Debian's Chromium driven by Playwright, checked by axe-core."""

import json
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_DIRECTORY = PROJECT_ROOT / "node_modules" / "axe-core"
# The browser tests' live servers serve axe-core as a static file of their own (conftest.py).
AXE_URL = "/static/axe-core/axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# axe decides per font family whether text is an icon ligature, and joined Arabic letters look
# like ligatures to it, so it then skips colour contrast on Arabic text. Seeding its font cache
# with every family the page uses, as "seen three times, never a ligature", tells it they are
# text fonts (the cache is read by axe.commons.text.isIconLigature and cleared after each run).
_DECLARE_TEXT_FONTS = """
() => {
  const families = new Set();
  for (const element of document.querySelectorAll('*')) {
    families.add(getComputedStyle(element).getPropertyValue('font-family'));
  }
  const fonts = {};
  for (const family of families) fonts[family] = {occurrences: 3, numLigatures: 0};
  axe._cache.set('fonts', fonts);
  return families.size;
}
"""

_DUPLICATE_IDS = """
() => {
  const seen = new Map();
  for (const element of document.querySelectorAll('[id]')) {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}
"""


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("Debian's chromium is not installed: run `make browser`.")
    return path


# What a test can change that outlives it (a route, an exposed function, an emulated medium, a
# listener, a timeout, a fake clock, headers, being offline...), by the object it is changed on:
# a tab or a context on which a test changed one of these is closed after the test.
_CHANGED_ON_A_TAB_OR_ITS_CONTEXT = (
    "add_init_script",
    "expose_binding",
    "expose_function",
    "on",
    "once",
    "route",
    "route_from_har",
    "route_web_socket",
    "set_default_navigation_timeout",
    "set_default_timeout",
    "set_extra_http_headers",
)
_LASTING_SETTINGS = {
    "tab": (*_CHANGED_ON_A_TAB_OR_ITS_CONTEXT, "add_locator_handler", "emulate_media"),
    "context": (
        *_CHANGED_ON_A_TAB_OR_ITS_CONTEXT,
        "set_geolocation",
        "set_offline",
        "set_storage_state",
    ),
    "clock": (
        "fast_forward",
        "install",
        "pause_at",
        "resume",
        "run_for",
        "set_fixed_time",
        "set_system_time",
    ),
}


class SharedBrowser:
    """One Chromium for the browser test package (started by tests/browser/conftest.py), one
    browser context and, as long as they stay clean, one tab, reused from test to test.

    Playwright launches Chromium with a fresh temporary --user-data-dir of its own and deletes it
    on close. A new context for each test costs a renderer process, a cold HTTP cache, and
    axe-core and Playwright's own scripts compiled again: measured alone, a page checked with axe
    took 0.8 s in a new tab and 0.3 s in a reused one. The browser tests' time fell by half
    (547 s to 292 s of worker time), and they are most of the suite's.

    So after each test the worker's tab is wiped as a browser's "clear site data" would: local
    and session storage of the page's origin, then every cookie and permission of the context,
    then the tab leaves for about:blank. No login, preference or session passes from one test to
    the next. What stays is what a returning visitor's browser keeps, the HTTP cache (pages are
    sent `no-cache`, so they are always asked for again). A tab whose test changed one of its
    lasting settings (_LASTING_SETTINGS) is closed instead. The whole context is closed when its
    test changed one of the context's own, failed, opened a popup, or left an origin whose
    storage the wipe could not reach from the last page (another origin, an error page).
    """

    browser = None
    _context = None
    _tab = None

    @classmethod
    def tab(cls, viewport):
        if cls.browser is None:
            raise RuntimeError("browser_page() runs only in tests under tests/browser/.")
        if cls._context is None:
            cls._context = _watched(cls.browser.new_context(viewport=viewport), "context")
            _watched(cls._context.clock, "clock", noted_on=cls._context)
        if cls._tab is None:
            cls._tab = _collecting_errors(_watched(cls._context.new_page(), "tab"))
            Page.on(cls._tab, "framenavigated", _noting_origin(cls._tab))
        cls._context.lasting_settings_changed = False
        cls._tab.lasting_settings_changed = False
        cls._tab.console_errors = []
        cls._tab.origins_visited = set()
        cls._tab.set_viewport_size(viewport)
        cls._tab.in_use = True
        return cls._tab

    @classmethod
    def release(cls, page):
        """Wipe the tab for the next test, or close it (see the class's docstring)."""
        page.in_use = False
        context = cls._context
        last_origin = _origin(page.url)
        try:
            if last_origin:
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
                # Left from inside the page, the tab keeps its renderer process (and what it
                # compiled); page.goto("about:blank") would move it to a new one, cold again.
                with page.expect_navigation():
                    page.evaluate("() => { location.href = 'about:blank'; }")
            context.clear_cookies()
            context.clear_permissions()
        except PlaywrightError:  # a tab that cannot be wiped (it crashed, say)
            context.lasting_settings_changed = True
        # Only the last origin's storage could be cleared from inside the page; a popup could
        # write after the wipe.
        if page.origins_visited - {last_origin} or len(context.pages) > 1:
            context.lasting_settings_changed = True
        if context.lasting_settings_changed:
            cls.discard()
        elif page.lasting_settings_changed:
            cls._tab = None
            page.close()

    @classmethod
    def discard(cls):
        """Close the context and its tabs: the next test starts a new one."""
        context, cls._context, cls._tab = cls._context, None, None
        if context is not None:
            with suppress(PlaywrightError):
                context.close()

    @classmethod
    def tab_in_use(cls):
        return cls._tab is not None and cls._tab.in_use

    @classmethod
    def close(cls):
        cls.discard()
        cls.browser.close()
        cls.browser = None


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def _noting_origin(page):
    def note(frame):
        # Any page, http or not (a browser error page), whose storage a wipe may have missed.
        if frame.parent_frame is None and frame.url != "about:blank":
            page.origins_visited.add(_origin(frame.url))

    return note


def _watched(target, kind, noted_on=None):
    """`target` (a tab, a context or its clock), noting on itself (or on `noted_on`) when a test
    calls one of its methods that change a lasting setting."""
    noted_on = noted_on or target
    for name in _LASTING_SETTINGS[kind]:
        setattr(target, name, _noting_change(noted_on, getattr(target, name)))
    return target


def _noting_change(noted_on, method):
    def changing_a_lasting_setting(*args, **kwargs):
        noted_on.lasting_settings_changed = True
        return method(*args, **kwargs)

    return changing_a_lasting_setting


def _collecting_errors(page):
    """The tab, collecting JavaScript errors and CSP violations in `page.console_errors`."""

    def console(message):
        if message.type == "error":
            page.console_errors.append(message.text)

    # Page.on rather than page.on: the tab's own listeners are not a test's change (_watched).
    Page.on(page, "console", console)
    Page.on(page, "pageerror", lambda error: page.console_errors.append(str(error)))
    return page


@contextmanager
def browser_page(viewport=DESKTOP, **context_options):
    """A tab with no cookie, storage or login of an earlier test; JavaScript errors and CSP
    violations are collected in `page.console_errors`.

    It is the worker's reused tab (SharedBrowser), or a tab in a new context of its own when the
    test asks for context options (JavaScript turned off, say) or already holds the reused tab
    (staff beside a visitor: two browsers at once)."""
    if context_options or SharedBrowser.tab_in_use():
        with _page_in_a_context_of_its_own(viewport, **context_options) as page:
            yield page
        return
    page = SharedBrowser.tab(viewport)
    try:
        yield page
    except BaseException:
        SharedBrowser.discard()  # what a failed test left is not worth wiping
        raise
    SharedBrowser.release(page)


@contextmanager
def _page_in_a_context_of_its_own(viewport, **context_options):
    if SharedBrowser.browser is None:
        raise RuntimeError("browser_page() runs only in tests under tests/browser/.")
    context = SharedBrowser.browser.new_context(viewport=viewport, **context_options)
    try:
        page = _collecting_errors(context.new_page())
        page.console_errors = []
        yield page
    finally:
        context.close()


def log_in(page, base_url, language, username, password):
    """Sign in through the admin's login form, as staff do."""
    page.goto(f"{base_url}/{language}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base_url}/{language}/admin/")


def load_axe(page):
    """Load axe-core into the page and tell it that the page's fonts are text fonts.

    axe-core comes as a script of the page's own origin, which the site's CSP allows: the
    worker's browser then compiles it once, where evaluating its 650 KB of source compiled it
    again on every page."""
    page.add_script_tag(url=AXE_URL)
    page.evaluate(_DECLARE_TEXT_FONTS)


def axe_results(page, rules=None):
    """Run axe-core (WCAG 2.1 A and AA) on the page as it is now and return its raw results."""
    load_axe(page)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    return page.evaluate("options => axe.run(document, options)", options)


def assert_accessible(page):
    """No WCAG 2.1 AA violation, no duplicate id (axe only flags those for review), no JS error.
    The page's errors are checked before axe runs: axe's own probes set inline styles, which the
    CSP reports; those reports are dropped."""
    assert page.console_errors == [], f"console errors on {page.url}: {page.console_errors}"
    results = axe_results(page)
    page.console_errors.clear()
    violations = [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert violations == [], f"axe on {page.url}:\n{json.dumps(violations, indent=2)}"
    duplicates = page.evaluate(_DUPLICATE_IDS)
    assert duplicates == [], f"duplicate ids on {page.url}: {duplicates}"


def assert_parts_accessible(page, selectors):
    """No JS error, and no WCAG 2.1 AA violation in the parts of the page that `selectors`
    name: for a feature added to a page whose other parts are not this test's subject. axe's
    own probes set inline styles, which the CSP reports: those reports are dropped."""
    assert page.console_errors == [], f"console errors on {page.url}: {page.console_errors}"
    load_axe(page)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([include, options]) => axe.run({include}, options)",
        [[[selector] for selector in selectors], options],
    )
    page.console_errors.clear()
    violations = [
        {"rule": v["id"], "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in results["violations"]
    ]
    assert violations == [], f"axe on {selectors} of {page.url}:\n{json.dumps(violations)}"

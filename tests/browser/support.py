"""Real-browser helpers: Debian's Chromium driven by Playwright, checked by axe-core."""

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

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


# Page methods whose effect outlives the test that calls them (a route, an exposed function, an
# emulated medium, a listener, a timeout): a tab on which a test called one is not reused.
_LASTING_PAGE_SETTINGS = (
    "add_init_script",
    "add_locator_handler",
    "emulate_media",
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


class SharedBrowser:
    """One Chromium for the browser test package (started by tests/browser/conftest.py), one
    browser context and, as long as it stays clean, one tab, reused from test to test.

    Playwright launches Chromium with a fresh temporary --user-data-dir of its own and deletes it
    on close. A new context for each test costs a renderer process, a cold HTTP cache, and
    axe-core and Playwright's own scripts compiled again: measured alone, a page checked with axe
    took 0.8 s in a new tab and 0.3 s in a reused one. The browser tests' time fell by half
    (547 s to 292 s of worker time), and they are most of the suite's.

    So after each test the worker's tab is wiped as a browser's "clear site data" would: local
    and session storage of the page's origin, then every cookie and permission of the context,
    then the tab goes to about:blank. No login, preference or session passes from one test to the
    next. What stays is what a returning visitor's browser keeps, the HTTP cache (pages are sent
    `no-cache`, so they are always asked for again). A tab whose test changed one of its lasting
    settings (_LASTING_PAGE_SETTINGS), or that could not be wiped, is closed instead.
    """

    browser = None
    _context = None
    _tab = None

    @classmethod
    def tab(cls, viewport):
        if cls.browser is None:
            raise RuntimeError("browser_page() runs only in tests under tests/browser/.")
        if cls._context is None:
            cls._context = cls.browser.new_context(viewport=viewport)
        if cls._tab is None:
            cls._tab = _watched(cls._context.new_page())
        cls._tab.lasting_settings_changed = False
        cls._tab.console_errors = []
        cls._tab.set_viewport_size(viewport)
        return cls._tab

    @classmethod
    def release(cls, page):
        """Wipe the tab for the next test, or close it (see the class's docstring)."""
        try:
            if page.url.startswith("http"):
                # Tests visit one origin, their live server's: its storage is the one to clear.
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
                # Left from inside the page, the tab keeps its renderer process (and what it
                # compiled); page.goto("about:blank") would move it to a new one, cold again.
                with page.expect_navigation():
                    page.evaluate("() => { location.href = 'about:blank'; }")
            cls._context.clear_cookies()
            cls._context.clear_permissions()
            if page.lasting_settings_changed:
                cls._tab = None
                page.close()
        except PlaywrightError:
            # A tab that cannot be wiped (it crashed, say): the next test starts a new context.
            cls._context.close()
            cls._context = cls._tab = None

    @classmethod
    def close(cls):
        if cls._context is not None:
            cls._context.close()
        cls._context = cls._tab = None
        cls.browser.close()
        cls.browser = None


def _watched(page):
    """The tab, collecting JavaScript errors and CSP violations in `page.console_errors`, and
    noting when a test changes one of its lasting settings."""
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    for name in _LASTING_PAGE_SETTINGS:
        setattr(page, name, _noting_change(page, getattr(page, name)))
    return page


def _noting_change(page, method):
    def changing_a_lasting_setting(*args, **kwargs):
        page.lasting_settings_changed = True
        return method(*args, **kwargs)

    return changing_a_lasting_setting


@contextmanager
def browser_page(viewport=DESKTOP, **context_options):
    """A tab with no cookie, storage or login of an earlier test; JavaScript errors and CSP
    violations are collected in `page.console_errors`.

    It is the worker's reused tab (SharedBrowser), or a tab in a new context of its own when the
    test asks for context options (JavaScript turned off, say)."""
    if context_options:
        if SharedBrowser.browser is None:
            raise RuntimeError("browser_page() runs only in tests under tests/browser/.")
        context = SharedBrowser.browser.new_context(viewport=viewport, **context_options)
        try:
            page = _watched(context.new_page())
            page.console_errors = []
            yield page
        finally:
            context.close()
        return
    page = SharedBrowser.tab(viewport)
    try:
        yield page
    finally:
        SharedBrowser.release(page)


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

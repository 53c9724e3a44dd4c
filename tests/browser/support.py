"""Real-browser helpers: Debian's Chromium driven by Playwright, checked by axe-core."""

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
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


class SharedBrowser:
    """One Chromium for the whole browser test package (started by tests/browser/conftest.py).

    Playwright launches it with a fresh temporary --user-data-dir of its own and deletes it on
    close; each test then gets a new incognito context: no cookie, cache or storage is shared.
    """

    browser = None


@contextmanager
def browser_page(viewport=DESKTOP, **context_options):
    """A page in a fresh browser context; JavaScript errors and CSP violations are collected."""
    if SharedBrowser.browser is None:
        raise RuntimeError("browser_page() runs only in tests under tests/browser/.")
    context = SharedBrowser.browser.new_context(viewport=viewport, **context_options)
    try:
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
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


def axe_results(page, rules=None):
    """Run axe-core (WCAG 2.1 A and AA) on the page as it is now and return its raw results."""
    page.evaluate(AXE_SOURCE.read_text())
    page.evaluate(_DECLARE_TEXT_FONTS)
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
    page.evaluate(AXE_SOURCE.read_text())
    page.evaluate(_DECLARE_TEXT_FONTS)
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

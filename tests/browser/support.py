"""Real-browser helpers: Debian's Chromium driven by Playwright, checked by axe-core."""

import json
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

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


@contextmanager
def browser_page(viewport=DESKTOP, **context_options):
    """A page in a fresh Chromium profile; JavaScript errors and CSP violations are collected."""
    with (
        tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile,
        sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport=viewport,
            **context_options,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.console_errors = []
            page.on(
                "console",
                lambda message: (
                    message.type == "error" and page.console_errors.append(message.text)
                ),
            )
            page.on("pageerror", lambda error: page.console_errors.append(str(error)))
            yield page
        finally:
            context.close()


def axe_results(page, rules=None):
    """Run axe-core (WCAG 2.1 A and AA) on the page as it is now and return its raw results."""
    page.evaluate(AXE_SOURCE.read_text())
    page.evaluate(_DECLARE_TEXT_FONTS)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    return page.evaluate("options => axe.run(document, options)", options)


def assert_accessible(page):
    """No WCAG 2.1 AA violation, no duplicate id (axe only flags those for review), no JS error."""
    results = axe_results(page)
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
    assert page.console_errors == [], f"console errors on {page.url}: {page.console_errors}"

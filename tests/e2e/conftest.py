"""Browser fixtures for the page tests (see browser.py)."""

from tests.e2e.browser import chromium_browser, visit

__all__ = ["chromium_browser", "visit"]

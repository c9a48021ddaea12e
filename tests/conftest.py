"""Shared pytest fixtures. Helpers that are not fixtures live in ``tests/tools.py``."""

import importlib.util
from pathlib import Path

import pytest

from tests.tools import CHROMIUM, another_host, launch_chromium, need

#: Fixtures that make a test slow: a browser, or the demo school built (a test using them is
#: marked `slow`, as are the tests and modules that say so themselves).
SLOW_FIXTURES = {"browser", "demo_site", "published_demo"}


def pytest_collection_modifyitems(items):
    """Mark `slow` every test that opens a browser or builds the demo school, so that
    `pytest -m "not slow"` is the inner loop: unit tests and builds of the small school."""
    for item in items:
        if item.get_closest_marker("browser") or SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright, one per test session.

    Skips (fails with CI=true) when /usr/bin/chromium or the playwright package is missing.
    Open pages with ``browser.new_page()`` and close them in the test.
    """
    need(Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium")
    need(
        importlib.util.find_spec("playwright") is not None,
        "playwright is missing: pip install -r requirements-dev.txt",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo school built once, as `invoke build` builds it (relative URLs)."""
    from tests.sites import DEMO_CONTENT, build

    output = tmp_path_factory.mktemp("demo") / "output"
    result = build(DEMO_CONTENT, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def published_demo(tmp_path_factory):
    """The demo school built as `invoke publish` builds it, for an absolute SITEURL, with
    strong test-only secrets (publish refuses the demo's) from a private repository."""
    import os

    from tests.sites import DEMO_CONTENT, invoke, strong_secrets

    folder = tmp_path_factory.mktemp("published")
    output = folder / "output"
    env = {
        **os.environ,
        "SITEURL": "https://riverside.example/homeroom",
        **strong_secrets(folder / "secrets"),
        "HOMEROOM_REPOSITORY_VISIBILITY": "private",
    }
    result = invoke("publish", "--content", str(DEMO_CONTENT), "--output", str(output), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture
def elsewhere():
    """Another host (tests.tools.another_host): its base URL and the paths it was asked for."""
    with another_host() as (url, seen):
        yield url, seen

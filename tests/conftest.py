"""Shared fixtures: strict site builds, a local web server, headless Chromium.

Tests only read the project's own files (never ../shared): the real site is
built from cases/, fixture sites from tests/fixtures/. The real site is built
by each generator (``GENERATORS``): the tests of ``EVERY_GENERATOR`` run on
the MkDocs build and on the Zensical build, the others on the MkDocs build.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"  # screenshots etc.; ignored by git
GENERATORS = ("mkdocs", "zensical")  # `make build GENERATOR=…`


def _env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))


def run_mkdocs(config_dir: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir), *extra],
        cwd=config_dir, env=_env(), capture_output=True, text=True, timeout=600,
    )


def run_build(generator: str, config_dir: Path, site_dir: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """``make build GENERATOR=generator`` (``casebook build``) of the project in ``config_dir``."""
    if generator == "mkdocs":
        return run_mkdocs(config_dir, site_dir, "--config-file", config)
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--generator", generator, "--config", config,
         "--site-dir", str(site_dir), "--tree-dir", str(site_dir.parent / f"{site_dir.name}-tree")],
        cwd=config_dir, env=_env(), capture_output=True, text=True, timeout=600,
    )


def assert_clean_build(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    warnings = [ln for ln in output.splitlines() if "WARNING" in ln]
    assert not warnings, "\n".join(warnings)


def make_project_copy(tmp: Path, cases_from: Path) -> Path:
    """A throwaway copy of the site skeleton with another cases/ folder."""
    root = tmp / "project"
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    shutil.copytree(cases_from, root / "cases")
    for extra in ("modules",):  # optional content folders of later phases
        if (cases_from.parent / extra).is_dir():
            shutil.copytree(cases_from.parent / extra, root / extra)
    return root


def build_fixture_site(tmp: Path, cases_from: Path) -> Path:
    root = make_project_copy(tmp, cases_from)
    result = run_mkdocs(root, root / "site")
    assert_clean_build(result)
    return root / "site"


@pytest.fixture
def fixture_book(tmp_path) -> Path:
    """A writable copy of the fixture casebook, for tests that break or add files."""
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "project", root)
    return root


# The tests a reader would notice a generator getting wrong (issue #19: search,
# case and listing pages, glossary links, compare, print, the offline copy, no
# outside requests; the case list and the handout with them) run on every
# generator's build; the rest test the casebook's own markup and data, the
# same whichever generator wraps it, on the default build only.
EVERY_GENERATOR = {
    "test_search_site", "test_site_browser", "test_glossary_links", "test_compare", "test_print", "test_offline",
    "test_no_external_requests", "test_generators", "test_filters", "test_handout", "test_render",
}


def pytest_generate_tests(metafunc) -> None:
    if "generator" not in metafunc.fixturenames:
        return
    if any(m.name == "parametrize" and "generator" in m.args[0] for m in metafunc.definition.iter_markers()):
        return  # the test names its generators itself (test_interrupt)
    every = metafunc.module.__name__.rsplit(".", 1)[-1] in EVERY_GENERATOR
    metafunc.parametrize("generator", GENERATORS if every else GENERATORS[:1], indirect=True, scope="session")


@pytest.fixture(scope="session")
def generator(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, generator) -> Path:
    """A strict build of the real repository's site, by each generator."""
    site = tmp_path_factory.mktemp(f"real-{generator}") / "site"
    assert_clean_build(run_build(generator, REPO, site))
    return site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory, generator) -> Path:
    """The offline copy (`make offline`: mkdocs.offline.yml, page.html addresses), by each generator."""
    from casebook.outputs import offline

    site = tmp_path_factory.mktemp(f"offline-{generator}") / offline.ROOT_NAME
    assert_clean_build(run_build(generator, REPO, site, "mkdocs.offline.yml"))
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """A strict build of the small fixture casebook in tests/fixtures/project."""
    return build_fixture_site(tmp_path_factory.mktemp("fixture"), FIXTURES / "project" / "cases")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def served(directory: Path):
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_server(fixture_site):
    with served(fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` (make test does this)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def checked_page(browser, on_context=None, **context_args):
    """A fresh page in its own context; fails the test on any JavaScript error.

    ``on_context(context)`` runs before the page opens (e.g. to record requests).
    """
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **context_args})
    extra = on_context(context) if on_context else None
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield pg, extra
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser):
    with checked_page(browser) as (pg, _):
        yield pg


def pytest_collection_modifyitems(items):
    # Tests that use the browser are marked so `make test-fast` can skip them.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)

"""Shared fixtures: the sample corpus built once with real MkDocs, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.pipeline import BuildConfig, run
from generator.tables import find_project

PROJECT_DIR = find_project()

SAMPLE_CORPUS = PROJECT_DIR / "corpus"
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", PROJECT_DIR / "test-output" / "screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


def project_markdown(without: str = "") -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the project's mkdocs.yml, less `without`."""
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"))
    extensions = [e for e in config["markdown_extensions"] if e != without]
    return markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"])


def build_corpus(source_dir: Path, out_dir: Path):
    """Build `source_dir` into out_dir/site (cache in out_dir/cache); return (site_dir, report)."""
    site_dir = out_dir / "site"
    report = run(BuildConfig(source_dir=source_dir, site_dir=site_dir, cache_dir=out_dir / "cache"))
    return site_dir, report


def one_seed_source(tmp_path: Path) -> tuple[Path, Path]:
    """A source dir tmp_path/in holding a copy of the first seed: (source dir, the seed)."""
    source = tmp_path / "in"
    source.mkdir()
    seed = sorted(SAMPLE_CORPUS.glob("*.txt"))[0]
    (source / seed.name).write_bytes(seed.read_bytes())
    return source, seed


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The bundled corpus built once for the session: (site_dir, report)."""
    return build_corpus(SAMPLE_CORPUS, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's package) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (set CHROMIUM, or run scripts/run-tests.sh, which installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs every test: a missing browser is a failure there
        pytest.skip(message)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_root(sample_site):
    """The sample site served over http on localhost: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(sample_site[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under SCREENSHOT_DIR and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""The two search engines this archive's search is measured against, on the same pages:
Material for MkDocs' built-in search (lunr, one index) and Pagefind (chunked, WebAssembly).

search_bench.py calls these for each size: `material_site` builds the very pages the
archive staged with the stock Material theme and its search plugin; `pagefind_index`
runs Pagefind over the archive's own built site. Each `measure_*` opens a fresh page per
query in Chromium and returns, per query, the bytes of search files it loaded and the
milliseconds from asking to the first result, and whether it works from file://.

Pagefind is not a dependency of the project: `pip install "pagefind[extended]"` before a
run (the benchmark says so and skips it when it is missing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

PROJECT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 20_000


def material_site(docs_dir: Path, out: Path) -> Path:
    """The staged pages built by MkDocs with stock Material and its search plugin."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"].pop("custom_dir", None)
    config["theme"]["language"] = "vi"
    config.update(docs_dir=str(docs_dir), site_dir=str(out / "site"), plugins=["search"], extra_javascript=[],
                  validation={"links": {"not_found": "ignore", "anchors": "ignore", "unrecognized_links": "ignore"}})
    out.mkdir(parents=True, exist_ok=True)
    config_file = out / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], check=True,
                   cwd=PROJECT)
    return out / "site"


def pagefind_index(site_dir: Path) -> Path | None:
    """Pagefind's index of the built site (site_dir/pagefind), None when Pagefind is missing."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"], check=True)
    return site_dir / "pagefind"


def on_disk(site_dir: Path, url: str) -> int:
    """The size of the site file a URL names (0 when it names none)."""
    path = site_dir / unquote(urlparse(url).path).lstrip("/")
    return path.stat().st_size if path.is_file() else 0


def fresh(browser, root: str, path: str = "index.html"):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(root + path)
    return page, requested


def measure_material(browser, root: str, site_dir: Path, queries: list[str]) -> list[dict]:
    """Type each query into Material's search box on a fresh page; time to its first result."""
    rows = []
    for query in queries:
        page, requested = fresh(browser, root)
        started = time.perf_counter()
        page.locator(".md-search__input").fill(query)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT_MS)
            ms = (time.perf_counter() - started) * 1000
        except Exception:  # noqa: BLE001 - no result is a result here
            ms = None
        loaded = [u for u in requested if "/search/" in u or "/javascripts/" in u or "/workers/" in u]
        rows.append({"query": query, "ms": ms, "bytes": sum(on_disk(site_dir, u) for u in loaded)})
        page.close()
    return rows


PAGEFIND_QUERY = """async q => {
  const started = performance.now();
  const pagefind = await import('./pagefind/pagefind.js');
  const found = await pagefind.search(q);
  const first = found.results.length ? await found.results[0].data() : null;
  return {ms: performance.now() - started, total: found.results.length, url: first && first.url};
}"""


def measure_pagefind(browser, root: str, site_dir: Path, queries: list[str]) -> list[dict]:
    """Pagefind's JavaScript API on a fresh page per query: search, then the first result's data."""
    rows = []
    for query in queries:
        page, requested = fresh(browser, root)
        try:
            answer = page.evaluate(PAGEFIND_QUERY, query)
        except Exception:  # noqa: BLE001
            answer = {"ms": None, "total": 0}
        loaded = [u for u in requested if "/pagefind/" in u]
        rows.append({"query": query, "ms": answer["ms"], "total": answer["total"],
                     "bytes": sum(on_disk(site_dir, u) for u in loaded)})
        page.close()
    return rows


def works_from_disk(browser, site_dir: Path, engine: str) -> bool:
    """Whether the engine answers a query on a page opened from file:// (no server)."""
    page, _ = fresh(browser, site_dir.as_uri() + "/")
    try:
        if engine == "material":
            page.locator(".md-search__input").fill("bảo hiểm")
            page.wait_for_selector(".md-search-result__item", timeout=5_000)
            return True
        if engine == "pagefind":
            return page.evaluate(PAGEFIND_QUERY, "bảo hiểm")["total"] > 0
        return page.evaluate("q => archiveSearch.search(q, {}, {limit: 10})", "bảo hiểm")["total"] > 0
    except Exception:  # noqa: BLE001
        return False
    finally:
        page.close()

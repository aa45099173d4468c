"""Search at scale: index size, bytes a query loads, and query time in real Chromium.

    python benchmarks/search_bench.py [--sizes 1000,10000] [--work DIR] [--measure-only]

For each size, generates a corpus with benchmarks/generate_corpus.py, builds the site
with the real pipeline (MkDocs included), serves it on localhost and, in Debian's
Chromium, opens the home page (counting index files loaded: the target is none), then
runs each of QUERIES on a fresh page and prints the bytes of the index files that query
loaded and its time (cold: nothing cached in the page; warm: the same query again).
Targets: ≤ 1 MB per query at 10,000 dispatches, median ≤ 200 ms.

--measure-only measures the sites a previous run built (each site carries its own
archive-search.js), so timings can be taken again when the machine is quiet. Take them
under `flock /tmp/bench.lock` (the build benchmarks use the same lock).
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402

from generator.pipeline import BuildConfig, run  # noqa: E402
from tests.conftest import CHROMIUM, QuietHandler  # noqa: E402

QUERIES = [
    "cong van phat trien nguoi tham gia", "thi đua", "381/BHXH-VP", "bảo hiểm y tế",
    "Ủy ban nhân dân", '"phát triển người tham gia"', "BHXH-BT 2020", "thu nộp",
    "chế độ chính sách", "Tết Nguyên đán",
]
REPEATS = 3
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def serve(site_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def dir_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(browser, root: str, index_dir: Path) -> dict:
    """Page-load index files, and per query: bytes loaded, cold and warm milliseconds
    (each the median of REPEATS fresh pages; a new page has an empty cache)."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(root + "index.html")
    on_load = [u for u in requested if "/search/" in u]
    page.close()
    rows = []
    for query in QUERIES:
        cold_ms, warm_ms = [], []
        for _ in range(REPEATS):
            page = browser.new_page()
            page.goto(root + "index.html")
            cold = page.evaluate("q => archiveSearch.search(q, {}, {limit: 10})", query)
            loaded = [name for name in page.evaluate("archiveSearch.loaded") if name != "lunr.js"]
            warm = page.evaluate("q => archiveSearch.search(q, {}, {limit: 10})", query)
            cold_ms.append(cold["ms"])
            warm_ms.append(warm["ms"])
            page.close()
        size = sum((index_dir / name).stat().st_size for name in loaded)
        rows.append({"query": query, "files": len(loaded), "bytes": size, "total": cold["total"],
                     "top": cold["results"][0]["symbol"] if cold["results"] else "—",
                     "cold_ms": statistics.median(cold_ms), "warm_ms": statistics.median(warm_ms)})
    return {"on_load": on_load, "rows": rows}


@click.command()
@click.option("--sizes", default="1000,10000", show_default=True)
@click.option("--measure-only", is_flag=True, help="Measure the sites of a previous run; build nothing.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/search-bench"),
              show_default=True)
def main(sizes: str, measure_only: bool, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in (int(s) for s in sizes.split(",")):
            source, out = work / f"corpus-{n}", work / f"out-{n}"
            if not measure_only:
                if not source.exists():
                    generate(n, source, seed=0)
                started = time.perf_counter()
                report = run(BuildConfig(source_dir=source, site_dir=out / "site", cache_dir=out / "cache"))
                click.echo(f"\n{n} dispatches: build {time.perf_counter() - started:.1f} s, of which search index "
                           f"{report.timings.get('search index', 0):.1f} s; {len(report.rejected)} files rejected")
            index_dir = out / "site" / "search"
            files, size = dir_bytes(index_dir)
            shards = len(list((index_dir / "s").iterdir()))
            documents = len(list((index_dir / "d").iterdir()))
            server, root = serve(out / "site")
            result = measure(browser, root, index_dir)
            server.shutdown()
            click.echo(f"\n== {n} dispatches: index {size / 1e6:.1f} MB on disk in {files} files "
                       f"({shards} shards, {documents} document files)")
            click.echo(f"index files loaded by the home page: {len(result['on_load'])}")
            click.echo(f"{'query':40} {'files':>5} {'KB':>7} {'cold ms':>8} {'warm ms':>8} {'hits':>6}  first")
            for r in result["rows"]:
                click.echo(f"{r['query'][:40]:40} {r['files']:5} {r['bytes'] / 1e3:7.1f} {r['cold_ms']:8.1f} "
                           f"{r['warm_ms']:8.1f} {r['total']:6}  {r['top']}")
            rows = result["rows"]
            click.echo(f"bytes per query: median {statistics.median(r['bytes'] for r in rows) / 1e3:.0f} KB, "
                       f"max {max(r['bytes'] for r in rows) / 1e3:.0f} KB; query time: median cold "
                       f"{statistics.median(r['cold_ms'] for r in rows):.0f} ms, warm "
                       f"{statistics.median(r['warm_ms'] for r in rows):.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()

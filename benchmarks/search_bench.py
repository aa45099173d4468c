"""Search at scale: index size, bytes a query loads, and query time in real Chromium.

    python benchmarks/search_bench.py [--sizes 1000,10000] [--work DIR]

For each size, generates a corpus with benchmarks/generate_corpus.py, builds the site
with the real pipeline (MkDocs included), serves it on localhost and, in Debian's
Chromium, opens the home page (counting index files loaded: the target is none), then
runs each of QUERIES on a fresh page and prints the bytes of the index files that query
loaded and its time (cold: nothing cached in the page; warm: the same query again).
Targets: ≤ 1 MB per query at 10,000 dispatches, median ≤ 200 ms.

--index-only skips MkDocs for the big corpus: the pages come from the bundled sample
corpus and the search index is then rewritten for the N generated dispatches (read,
repaired and parsed by the real pipeline). The search side measures the same.
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

from generator import catalog, search  # noqa: E402
from generator.pipeline import BuildConfig, read_all, run  # noqa: E402
from generator.report import Report  # noqa: E402
from generator.tables import PROJECT_DIR  # noqa: E402

QUERIES = [
    "cong van phat trien nguoi tham gia", "thi đua", "381/BHXH-VP", "bảo hiểm y tế",
    "Ủy ban nhân dân", '"phát triển người tham gia"', "BHXH-BT 2020", "thu nộp",
    "chế độ chính sách", "Tết Nguyên đán",
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def dir_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(browser, root: str, index_dir: Path) -> dict:
    """Page-load index files, and per query: bytes loaded, cold and warm milliseconds."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(root + "index.html")
    on_load = [u for u in requested if "/search/" in u]
    page.close()
    rows = []
    for query in QUERIES:
        page = browser.new_page()
        page.goto(root + "index.html")
        cold = page.evaluate("q => archiveSearch.query(q, {}, 10)", query)
        loaded = page.evaluate("archiveSearch.loaded")
        warm = page.evaluate("q => archiveSearch.query(q, {}, 10)", query)
        size = sum((index_dir / name).stat().st_size for name in loaded)
        rows.append({"query": query, "files": len(loaded), "bytes": size, "total": cold["total"],
                     "top": cold["results"][0]["symbol"] if cold["results"] else "—",
                     "cold_ms": cold["ms"], "warm_ms": warm["ms"]})
        page.close()
    return {"on_load": on_load, "rows": rows}


@click.command()
@click.option("--sizes", default="1000,10000", show_default=True)
@click.option("--index-only", is_flag=True, help="Pages of the sample corpus, index of the generated one.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/search-bench"),
              show_default=True)
def main(sizes: str, index_only: bool, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n in (int(s) for s in sizes.split(",")):
            source, out = work / f"corpus-{n}", work / f"out-{n}"
            if not source.exists():
                generate(n, source, seed=0)
            started = time.perf_counter()
            if index_only:
                run(BuildConfig(source_dir=PROJECT_DIR / "corpus", site_dir=out / "site", cache_dir=out / "cache"))
                report = Report()
                search.write_index(out / "site", catalog.assign_ids(read_all(source, report)))
                click.echo(f"{n} files: {len(report.rejected)} rejected by the pipeline")
            else:
                run(BuildConfig(source_dir=source, site_dir=out / "site", cache_dir=out / "cache"))
            build_s = time.perf_counter() - started
            index_dir = out / "site" / "search"
            files, size = dir_bytes(index_dir)
            shards = len(list((index_dir / "s").iterdir()))
            own = len(list((index_dir / "t").iterdir()))
            server, root = serve(out / "site")
            result = measure(browser, root, index_dir)
            server.shutdown()
            click.echo(f"\n== {n} dispatches: build {build_s:.1f} s; index {size / 1e6:.1f} MB on disk "
                       f"in {files} files ({shards} shards, {own} long lists, {files - shards - own - 2} document files)")
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

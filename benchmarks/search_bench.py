"""Search at scale, side by side with Material's built-in search and Pagefind: index size,
bytes a cold query loads, time to the first result in real Chromium, and file://.

    python benchmarks/search_bench.py [--sizes 1000,10000] [--work DIR] [--measure-only] [--no-rivals]

For each size, generates a corpus with tests/support/corpus.py, builds the site
with the real pipeline (MkDocs included) and, in Debian's Chromium, opens the home page
(counting index files loaded: the target is none), then runs each of QUERIES on a fresh
page, from file:// and over http on localhost, and prints the bytes of the index files
that query loaded (lunr.js, 100 KB of code loaded once, apart) and its time to the first
result. Then the same pages built with stock Material and its search plugin, and Pagefind
over the built site (benchmarks/search_rivals.py), on the same queries.
Targets at 10,000: median ≤ 150 KB per cold query, median ≤ 300 ms from file://.

--measure-only measures the sites a previous run built (each site carries its own
archive-search.js), so timings can be taken again when the machine is quiet. Take them
under `flock /tmp/bench.lock` (the build benchmarks use the same lock).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


from generator.pipeline import BuildConfig, run  # noqa: E402
from tests.conftest import CHROMIUM, QuietHandler  # noqa: E402
from tests.support.corpus import generate  # noqa: E402

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
    """Page-load index files, and per query: files and bytes loaded (lunr.js apart) and
    milliseconds to the first result, each the median of REPEATS fresh pages."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(root + "index.html")
    on_load = [u for u in requested if "/search/" in u]
    page.close()
    rows = []
    for query in QUERIES:
        cold_ms = []
        for _ in range(REPEATS):
            page = browser.new_page()
            page.goto(root + "index.html")
            cold = page.evaluate("q => archiveSearch.search(q, {}, {limit: 10})", query)
            loaded = [name for name in page.evaluate("archiveSearch.loaded") if name != "lunr.js"]
            cold_ms.append(cold["ms"])
            page.close()
        size = sum((index_dir / name).stat().st_size for name in loaded)
        rows.append({"query": query, "files": len(loaded), "bytes": size, "total": cold["total"],
                     "top": cold["results"][0]["symbol"] if cold["results"] else "—",
                     "cold_ms": statistics.median(cold_ms)})
    return {"on_load": on_load, "rows": rows}


def print_ours(n: int, index_dir: Path, by_scheme: dict) -> None:
    files, size = dir_bytes(index_dir)
    shards = len(list((index_dir / "s").iterdir()))
    click.echo(f"\n== {n} dispatches: index {size / 1e6:.1f} MB on disk in {files} files ({shards} shards)")
    click.echo(f"index files loaded by the home page: {len(by_scheme['file']['on_load'])}")
    click.echo(f"{'query':40} {'files':>5} {'KB':>7} {'file:// ms':>10} {'http ms':>8} {'hits':>6}  first")
    for r, h in zip(by_scheme["file"]["rows"], by_scheme["http"]["rows"]):
        click.echo(f"{r['query'][:40]:40} {r['files']:5} {r['bytes'] / 1e3:7.1f} {r['cold_ms']:10.1f} "
                   f"{h['cold_ms']:8.1f} {r['total']:6}  {r['top']}")


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def comparison_row(name: str, index_bytes: int, rows: list[dict], ms_key: str, from_disk: bool) -> str:
    sizes = [r["bytes"] for r in rows]
    ms = median(r[ms_key] for r in rows)
    shown = f"{ms:.0f}" if ms is not None else "no result"
    return (f"| {name} | {index_bytes / 1e6:.1f} MB | {statistics.median(sizes) / 1e3:.0f} KB / "
            f"{max(sizes) / 1e3:.0f} KB | {shown} ms | {'yes' if from_disk else 'no'} |")


def rivals(browser, n: int, out: Path, ours: dict) -> None:
    """Material's search and Pagefind on the same pages and queries; one table with ours."""
    from search_rivals import material_site, measure_material, measure_pagefind, pagefind_index, works_from_disk

    site = out / "site"
    table = [comparison_row("this archive (lunr in term shards)", dir_bytes(site / "search")[1], ours["file"]["rows"],
                            "cold_ms", works_from_disk(browser, site, "ours"))]
    material = material_site(out / "cache" / "docs", out / "material")
    server, root = serve(material)
    rows = measure_material(browser, root, material, QUERIES)
    server.shutdown()
    table.append(comparison_row("Material's built-in search (lunr, one index)", dir_bytes(material / "search")[1],
                                rows, "ms", works_from_disk(browser, material, "material")))
    index = pagefind_index(site)
    if index is None:
        table.append("| Pagefind | not installed: pip install \"pagefind[extended]\" | | | |")
    else:
        server, root = serve(site)
        rows = measure_pagefind(browser, root, site, QUERIES)
        server.shutdown()
        table.append(comparison_row("Pagefind", dir_bytes(index)[1], rows, "ms", works_from_disk(browser, site,
                                                                                                 "pagefind")))
        shutil.rmtree(index)
    click.echo(f"\n{n} dispatches, side by side (median over {len(QUERIES)} queries; ours and Pagefind: time to the "
               "first result's data; Material: typing to the first result shown, over http)")
    click.echo("| engine | index on disk | bytes per cold query (median / max) | first result (median) | "
               "works from file:// |")
    click.echo("|---|---|---|---|---|")
    for line in table:
        click.echo(line)


@click.command()
@click.option("--sizes", default="1000,10000", show_default=True)
@click.option("--measure-only", is_flag=True, help="Measure the sites of a previous run; build nothing.")
@click.option("--no-rivals", is_flag=True, help="Measure this archive's search only.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/search-bench"),
              show_default=True)
def main(sizes: str, measure_only: bool, no_rivals: bool, work: Path) -> None:
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
            by_scheme = {"file": measure(browser, (out / "site").as_uri() + "/", index_dir)}
            server, root = serve(out / "site")
            by_scheme["http"] = measure(browser, root, index_dir)
            server.shutdown()
            print_ours(n, index_dir, by_scheme)
            rows = by_scheme["file"]["rows"]
            click.echo(f"bytes per query: median {statistics.median(r['bytes'] for r in rows) / 1e3:.0f} KB, "
                       f"max {max(r['bytes'] for r in rows) / 1e3:.0f} KB; first result from file://: median "
                       f"{statistics.median(r['cold_ms'] for r in rows):.0f} ms")
            if not no_rivals:
                rivals(browser, n, out, by_scheme)
        browser.close()


if __name__ == "__main__":
    main()

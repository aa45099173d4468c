"""Build benchmark: full build, no-change rebuild and 10-file rebuild of synthetic corpora.

    python benchmarks/run_benchmark.py            # N = 1,000 and 10,000
    python benchmarks/run_benchmark.py --large    # and 100,000

Every build is `dispatch-archive build` run in a child process, so its peak resident
memory is measured alone (resource.getrusage of the child; the largest single process,
i.e. the main build process, since conversion and page workers are smaller). Stage times come
from the timings.json the CLI writes into the cache dir. Prints a Markdown table; its "load"
column is the 1-minute load average around each build (other work sharing the CPUs).

Then the site of each full build, per dispatch, by kind of file (SIZE_KINDS), and a least
squares fit of each dispatch page's size against its raw file (the .txt copy beside it):
page ≈ a + b × raw. The "pages + indexes + search" line puts that in the target's form,
counting index pages as a per-dispatch constant and the search index as proportional to
the raw text (it indexes the text); at the mean raw size it equals the measured total.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path, PurePosixPath

import click

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from tests.support.corpus import generate  # noqa: E402

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": used.ru_utime + used.ru_stime, "peak_mb": used.ru_maxrss / 1024}))
"""
STAGES = ("scan", "repair+parse", "markdown", "mkdocs", "search index")
PEAK_TARGET_MB = {10_000: 500, 100_000: 1_536}
"""Issue 20: peak memory at 10,000 and 100,000 dispatches."""
SIZE_KINDS = ("dispatch pages", "index pages", "search index", "raw .txt", "data files", "theme assets")
DISPATCH_DIR = "van-ban"


def measured_build(source: Path, work: Path, jobs: int) -> dict:
    """One CLI build in a child process: wall, peak RSS, stage timings."""
    cmd = [sys.executable, "-c", "from generator.cli import main; main()", "build", "--source", str(source),
           "--site-dir", str(work / "site"), "--cache-dir", str(work / "cache"), "--jobs", str(jobs)]
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=PROJECT_DIR, capture_output=True,
                         text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = max(load, os.getloadavg()[0])
    if result["code"] not in (0, 3):
        raise SystemExit(f"build failed ({result['code']}) on {source}:\n{out.stderr[-2000:]}")
    result["timings"] = json.loads((work / "cache" / "timings.json").read_text())
    return result


def plain_mkdocs(docs: Path, work: Path, extra: dict) -> dict:
    """`mkdocs build` alone, in a child process, on pages the archive staged (`docs`), with the
    project's mkdocs.yml and theme and the `extra` the build gives it: wall, CPU, peak RSS."""
    import yaml

    from generator.pages.indexes import not_in_nav

    config = yaml.safe_load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(PROJECT_DIR / "overrides")
    config.update(docs_dir=str(docs), site_dir=str(work / "plain-site"), extra={**config.get("extra", {}), **extra},
                  not_in_nav=not_in_nav())
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "plain-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(work / "plain-site", ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)]
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=PROJECT_DIR, capture_output=True, text=True,
                         check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"plain mkdocs build failed:\n{out.stderr[-2000:]}")
    return result


def side_by_side(source: Path, root: Path, jobs: int, repeats: int) -> tuple[list[dict], list[dict], Path]:
    """Full builds of ours (each from an empty cache) and plain `mkdocs build` on the pages
    the first one staged, alternating, `repeats` of each; the last full build's work dir."""
    ours, plain = [], []
    staged = root / "staged-docs"
    for r in range(repeats):
        work = root / f"full-{r}"
        shutil.rmtree(work, ignore_errors=True)
        ours.append(measured_build(source, work, jobs))
        if r == 0:
            shutil.rmtree(staged, ignore_errors=True)
            shutil.copytree(work / "cache" / "docs", staged)
            stamp = json.loads((work / "cache" / "stamp.json").read_text(encoding="utf-8"))
            extra = {k: stamp[k] for k in ("search_shards",) if k in stamp}
        plain.append(plain_mkdocs(staged, root / "plain", extra))
        if r < repeats - 1:
            shutil.rmtree(work)
    return ours, plain, root / f"full-{repeats - 1}"


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def size_kind(rel: PurePosixPath) -> str:
    """Which of SIZE_KINDS a site file (path relative to the site) counts under."""
    top = rel.parts[0] if len(rel.parts) > 1 else ""
    if top == DISPATCH_DIR:
        return "dispatch pages" if rel.suffix == ".html" else "raw .txt"
    if top == "search":
        return "search index"
    if top == "assets":
        return "theme assets"
    return "index pages" if rel.suffix == ".html" else "data files"


def site_sizes(site: Path) -> dict:
    """Bytes per SIZE_KINDS; bytes per top-level entry of the site ("parts": folder or file
    name, for index pages and data files); (raw bytes, page bytes) of every dispatch page
    with its .txt copy."""
    kinds: Counter = Counter()
    parts: Counter = Counter()
    pages = {}
    for path in site.rglob("*"):
        if path.is_file():
            rel = PurePosixPath(path.relative_to(site).as_posix())
            kind = size_kind(rel)
            kinds[kind] += path.stat().st_size
            if kind in ("index pages", "data files"):
                parts[kind, rel.parts[0]] += path.stat().st_size
            if kind == "dispatch pages":
                pages[path] = path.stat().st_size
    pairs = [(path.with_suffix(".txt").stat().st_size, size) for path, size in pages.items()
             if path.with_suffix(".txt").is_file()]
    return {"kinds": {k: kinds[k] for k in SIZE_KINDS}, "parts": parts, "pairs": pairs}


def page_fit(pairs: list[tuple[int, int]]) -> tuple[float, float]:
    """Least squares page ≈ a + b × raw over (raw, page) byte pairs: (a, b)."""
    slope, intercept = statistics.linear_regression([r for r, _ in pairs], [p for _, p in pairs])
    return intercept, slope


def change_files(paths: list[Path], count: int, round_no: int) -> None:
    """Edit `count` files spread over the corpus, as a maintainer correcting a few would."""
    step = max(1, len(paths) // count)
    for path in paths[::step][:count]:
        text = path.read_text(encoding="utf-8")
        note = f"Đề nghị các đơn vị lưu ý thực hiện (lần {round_no}).\nNơi nhận:"
        path.write_text(text.replace("Nơi nhận:", note, 1), encoding="utf-8")


def bench(n: int, root: Path, jobs: int, repeats: int) -> dict:
    source = root / f"corpus-{n}"
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(root / f"build-{n}", ignore_errors=True)
    paths = generate(n, source)
    raw = tree_bytes(source)
    fulls, plain, work = side_by_side(source, root / f"build-{n}", jobs, repeats)
    full = min(fulls, key=lambda x: abs(x["wall"] - median_of(fulls, "wall")))
    site = tree_bytes(work / "site")
    sizes = site_sizes(work / "site")
    zip_bytes = bundle_bytes(source, work)
    same = [measured_build(source, work, jobs) for _ in range(repeats)]
    changed = []
    for r in range(repeats):
        change_files(paths, 10, r)
        changed.append(measured_build(source, work, jobs))
    return {"n": n, "raw": raw, "site": site, "sizes": sizes, "zip": zip_bytes, "full": full, "fulls": fulls,
            "plain": plain, "same": same, "changed": changed}


def bundle_bytes(source: Path, work: Path) -> int:
    """Size of the auditors' zip of the full build's site (`dispatch-archive bundle`)."""
    out = work / "bundle.zip"
    subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "bundle", "--site-dir",
                    str(work / "site"), "--source", str(source), "-o", str(out)], cwd=PROJECT_DIR,
                   capture_output=True, check=True)
    size = out.stat().st_size
    out.unlink()
    return size


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def print_table(results: list[dict]) -> None:
    click.echo("| N | build | wall s | docs/s | " + " | ".join(f"{s} s" for s in STAGES)
               + " | peak RSS MB | site KB/doc | raw KB/doc | site/raw | load |")
    click.echo("|---" * (9 + len(STAGES)) + "|")
    for r in results:
        n = r["n"]
        rows = [("full", [r["full"]]), ("no change", r["same"]), ("10 changed", r["changed"])]
        for label, runs in rows:
            wall = median_of(runs, "wall")
            stages = [statistics.median(x["timings"].get(s, 0.0) for x in runs) for s in STAGES]
            size = (f"{r['site'] / n / 1024:.1f} | {r['raw'] / n / 1024:.1f} | {r['site'] / r['raw']:.2f}"
                    if label == "full" else " | | ")
            click.echo(f"| {n:,} | {label} | {wall:.2f} | {n / wall:,.0f} | "
                       + " | ".join(f"{s:.2f}" for s in stages)
                       + f" | {max(x['peak_mb'] for x in runs):.0f} | {size} | {max(x['load'] for x in runs):.1f} |")
    click.echo("\nBeside plain `mkdocs build` on the pages the build staged (alternating runs, medians):\n")
    click.echo("| N | ours wall s | plain MkDocs wall s | wall ratio | ours CPU s | plain CPU s | CPU ratio |")
    click.echo("|---|---|---|---|---|---|---|")
    for r in results:
        ow, pw = median_of(r["fulls"], "wall"), median_of(r["plain"], "wall")
        oc, pc = median_of(r["fulls"], "cpu"), median_of(r["plain"], "cpu")
        click.echo(f"| {r['n']:,} | {ow:.1f} | {pw:.1f} | {ow / pw:.2f} | {oc:.1f} | {pc:.1f} | {oc / pc:.2f} |")
    if len(results) > 1:
        a, b = results[-2], results[-1]
        ratio = (b["full"]["wall"] / a["full"]["wall"]) / (b["n"] / a["n"])
        click.echo(f"\nFull-build time per document, N={b['n']:,} vs N={a['n']:,}: × {ratio:.2f} (≤ 1 is linear or better)")
    print_targets(results)


def print_targets(results: list[dict]) -> None:
    """Each target of issue 20 with what this run measured (medians), per N."""
    click.echo("\nTargets (issue 20), as measured:\n")
    click.echo("| N | target | measured | met |")
    click.echo("|---|---|---|---|")
    for r in results:
        n, full = r["n"], median_of(r["fulls"], "wall")
        rows = [
            ("full build wall ≤ 0.5 × plain MkDocs", full / median_of(r["plain"], "wall"), 0.5, "{:.2f} ×"),
            ("full build CPU ≤ 1.2 × plain MkDocs", median_of(r["fulls"], "cpu") / median_of(r["plain"], "cpu"), 1.2,
             "{:.2f} ×"),
            ("no-change rebuild ≤ 1 s", median_of(r["same"], "wall"), 1.0, "{:.2f} s"),
            ("10 changed ≤ 10 % of full", 100 * median_of(r["changed"], "wall") / full, 10, "{:.0f} %"),
            ("site ≤ 30 KB per dispatch + its raw file", (r["site"] - r["raw"]) / n / 1024, 30, "{:.1f} KB + raw"),
            ("bundle zip ≤ 8 KB per dispatch", r["zip"] / n / 1024, 8, "{:.1f} KB"),
        ]
        if n in PEAK_TARGET_MB:
            rows.append((f"peak ≤ {PEAK_TARGET_MB[n]:,} MB", max(x["peak_mb"] for x in r["fulls"]), PEAK_TARGET_MB[n],
                         "{:.0f} MB"))
        for name, value, limit, shape in rows:
            click.echo(f"| {n:,} | {name} | {shape.format(value)} | {'yes' if value <= limit else 'no'} |")


def print_sizes(results: list[dict]) -> None:
    """Site KB per dispatch by kind, the page-size fit, and the target's a + b × raw form."""
    click.echo("\nSite size per dispatch (KB):\n")
    click.echo("| N | " + " | ".join(SIZE_KINDS) + " | total | raw KB/doc | site/raw |")
    click.echo("|---" * (len(SIZE_KINDS) + 4) + "|")
    for r in results:
        n, kinds = r["n"], r["sizes"]["kinds"]
        total = sum(kinds.values())
        click.echo(f"| {n:,} | " + " | ".join(f"{kinds[k] / n / 1024:.1f}" for k in SIZE_KINDS)
                   + f" | {total / n / 1024:.1f} | {r['raw'] / n / 1024:.1f} | {total / r['raw']:.2f} |")
    click.echo("")
    for r in results:
        n, kinds, pairs = r["n"], r["sizes"]["kinds"], r["sizes"]["pairs"]
        if len({raw for raw, _ in pairs}) < 2:
            click.echo(f"N={n:,}: too few dispatch pages with a raw copy to fit ({len(pairs)})")
            continue
        for kind in ("index pages", "data files"):
            largest = sorted(((size, part) for (k, part), size in r["sizes"]["parts"].items() if k == kind),
                             reverse=True)[:8]
            click.echo(f"N={n:,}: {kind} KB/doc: " + ", ".join(f"{part} {size / n / 1024:.1f}" for size, part in largest))
        a, b = page_fit(pairs)
        raw_copies = sum(raw for raw, _ in pairs)
        search_slope = kinds["search index"] / raw_copies
        constant = a + kinds["index pages"] / n
        click.echo(f"N={n:,}: dispatch page ≈ {a / 1024:.1f} KB + {b:.2f} × raw (fit over {len(pairs):,} pages, "
                   f"raw {min(pairs)[0] / 1024:.1f}–{max(pairs)[0] / 1024:.1f} KB); "
                   f"pages + indexes + search ≈ {constant / 1024:.1f} KB + {b + search_slope:.2f} × raw "
                   f"(index pages {kinds['index pages'] / n / 1024:.1f} KB constant, "
                   f"search {search_slope:.2f} × raw)")


@click.command()
@click.option("--large", is_flag=True, help="Also N = 100,000 (about half an hour).")
@click.option("--sizes", type=str, default="", help="Comma-separated N values instead of the defaults.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Passed to the build (default: CPU count).")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True,
              help="Rebuilds per kind; medians are printed.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/dispatch-bench"),
              show_default=True)
def main(large: bool, sizes: str, jobs: int | None, repeats: int, work_dir: Path) -> None:
    """Print build time, memory and size figures for synthetic corpora."""
    ns = [int(s) for s in sizes.split(",")] if sizes else [1_000, 10_000] + ([100_000] if large else [])
    results = []
    for n in ns:
        started = time.perf_counter()
        results.append(bench(n, work_dir, jobs or os.cpu_count() or 1, repeats))
        click.echo(f"N={n:,} measured in {time.perf_counter() - started:.0f} s", err=True)
    click.echo(f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print_table(results)
    print_sizes(results)


if __name__ == "__main__":
    main()

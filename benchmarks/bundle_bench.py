"""Time and size of the auditors' bundle on a synthetic corpus: build, bundle, verify.

    python benchmarks/bundle_bench.py 2000 [--work /tmp/bundle-bench]

Generates N raw dispatches (generate_corpus.py), builds the site, then reports the
seconds and peak memory of `bundle` and `verify`, the zip's size against the site's,
and whether a second bundle of the same site is byte-identical.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import click

from generator.bundle import archive as bundle
from generator.pipeline import BuildConfig, run


def measured(label: str, fn):
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    click.echo(f"{label:<10} {seconds:8.2f} s   peak Python memory {peak / 2**20:7.1f} MiB")
    return result


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@click.command()
@click.argument("n", type=int)
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/bundle-bench"))
def main(n: int, work: Path) -> None:
    source = work / f"corpus-{n}"
    if not source.exists():
        generator = Path(__file__).with_name("generate_corpus.py")
        subprocess.run([sys.executable, str(generator), str(n), str(source)], check=True)
    site = work / f"site-{n}"
    start = time.perf_counter()
    report = run(BuildConfig(source_dir=source, site_dir=site, cache_dir=work / f"cache-{n}"))
    click.echo(f"build      {time.perf_counter() - start:8.2f} s   {len(report.pages)} pages, "
               f"{len(report.rejected)} rejected")
    first, second = work / f"bundle-{n}-a.zip", work / f"bundle-{n}-b.zip"
    result = measured("bundle", lambda: bundle.make_bundle(site, source, first))
    bundle.make_bundle(site, source, second)
    checked, problems = measured("verify", lambda: bundle.verify(first))
    click.echo(f"files      {result['files']} in the zip, {checked} in the manifest, {len(problems)} problems")
    click.echo(f"size       site {size_of(site) / 2**20:.1f} MiB + raw {size_of(source) / 2**20:.1f} MiB"
               f" -> zip {first.stat().st_size / 2**20:.1f} MiB")
    click.echo(f"identical  second bundle byte-identical: {first.read_bytes() == second.read_bytes()}")


if __name__ == "__main__":
    main()

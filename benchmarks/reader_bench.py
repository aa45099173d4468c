"""Reader benchmark: CPU milliseconds per file of each reading stage, this checkout against another.

    python benchmarks/reader_bench.py                      # this checkout alone
    python benchmarks/reader_bench.py --baseline DIR       # and a checkout of an older commit
                                                           # (git worktree add DIR REV)

The same generated corpus (N files in the samples' scraped layout, `generate_corpus.py`,
seed 1) is read by each checkout in a child process (`--stages`), rounds alternating so that
both meet the same load; each child warms up on the corpus once, then times decode, unwrap,
repair and parse per file with `time.process_time`. Prints the medians over the rounds and,
with a baseline, the median of the rounds' ratios of the totals (the reader's target: at
most 1.2): the two checkouts of one round met the same load.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from tests.support.corpus import generate  # noqa: E402

STAGES = ("decode", "unwrap", "repair", "parse")


def time_stages(corpus: Path) -> dict[str, float]:
    """Milliseconds of CPU per file of each stage over `corpus`, after one warm-up pass."""
    import importlib

    import generator
    package = Path(generator.__file__).parent
    stage = "generator.reading" if (package / "reading").is_dir() else "generator"  # older layouts
    parse, repair, ingest = (importlib.import_module(f"{stage}.{m}") for m in ("parse", "repair", "ingest"))
    to_dispatch = ingest.to_dispatch
    unwrap = None
    if (package / "reading" / "unwrap.py").exists() or (package / "unwrap.py").exists():
        unwrap = importlib.import_module(f"{stage}.unwrap")
    files = [(p.read_bytes(), p.name) for p in sorted(corpus.rglob("*.txt"))]

    def one_pass() -> dict[str, float]:
        totals = dict.fromkeys(STAGES, 0.0)
        for data, name in files:
            marks = [time.process_time()]
            d = to_dispatch(data, name)
            marks.append(time.process_time())
            d = unwrap.apply(d) if unwrap else d
            marks.append(time.process_time())
            d = repair.repair(d)
            marks.append(time.process_time())
            parse.parse(d)
            marks.append(time.process_time())
            for stage, start, end in zip(STAGES, marks, marks[1:]):
                totals[stage] += end - start
        return {stage: 1000 * t / len(files) for stage, t in totals.items()}

    one_pass()
    return one_pass()


def child(checkout: Path, corpus: Path) -> dict[str, float]:
    """The stage times of `checkout`, measured in a fresh interpreter that imports it."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    # the checkout's own copy of this script: this one puts this checkout first on sys.path
    script = checkout / "benchmarks" / "reader_bench.py"
    out = subprocess.run([sys.executable, str(script if script.is_file() else __file__), "--stages", str(corpus)],
                         env=env, cwd=checkout,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {stage: statistics.median(r[stage] for r in runs) for stage in STAGES}


@click.command()
@click.option("--baseline", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A checkout of the commit to compare with.")
@click.option("--count", default=300, show_default=True, help="Files in the generated corpus.")
@click.option("--rounds", default=3, show_default=True, help="Alternating rounds; medians are printed.")
@click.option("--stages", "stages_of", type=click.Path(path_type=Path), hidden=True)
def main(baseline: Path | None, count: int, rounds: int, stages_of: Path | None) -> None:
    if stages_of:
        print(json.dumps(time_stages(stages_of)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate(count, corpus, 1)
        checkouts = {"this": PROJECT_DIR, **({"baseline": baseline} if baseline else {})}
        runs: dict[str, list] = {name: [] for name in checkouts}
        for _ in range(rounds):
            for name, checkout in checkouts.items():
                runs[name].append(child(checkout, corpus))
    print(f"CPU ms per file, {count} generated files, median of {rounds} rounds")
    print("| checkout | " + " | ".join(STAGES) + " | total |")
    print("|---|" + "---|" * (len(STAGES) + 1))
    totals = {}
    for name, measured in runs.items():
        m = medians(measured)
        totals[name] = sum(m.values())
        print(f"| {name} | " + " | ".join(f"{m[s]:.2f}" for s in STAGES) + f" | {totals[name]:.2f} |")
    if baseline:
        ratios = sorted(sum(a.values()) / sum(b.values()) for a, b in zip(runs["this"], runs["baseline"]))
        print(f"ratio this / baseline, per round (side by side): median {statistics.median(ratios):.2f}, "
              f"range {ratios[0]:.2f}-{ratios[-1]:.2f} (target ≤ 1.2)")


if __name__ == "__main__":
    main()

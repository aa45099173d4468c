"""Reader benchmark: CPU milliseconds per file of each reading stage, this checkout against another.

    python benchmarks/reader_bench.py                      # this checkout alone
    python benchmarks/reader_bench.py --baseline DIR       # and a checkout of an older commit
                                                           # (git worktree add DIR REV)

The same generated corpus (N files in the samples' scraped layout, `generate_corpus.py`,
seed 1) is read by each checkout in a child process (`--stages`), rounds alternating so that
both meet the same load; each child warms up on the corpus once, then times decode and each
of the reader's steps (reading.convert.STEPS) per file with `time.process_time`. Prints the medians over the rounds and,
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
"""What a checkout older than reading.convert.STEPS is timed by; a newer one is timed by its
STEPS' names (decode first), and a comparison adds up the stages both have."""


def _steps(package: Path) -> tuple[tuple[str, object], ...]:
    """The reading steps of the imported checkout: its declared STEPS, else the old order."""
    import importlib

    stage = "generator.reading" if (package / "reading").is_dir() else "generator"  # older layouts
    convert = importlib.import_module(f"{stage}.convert")
    if hasattr(convert, "STEPS"):
        return convert.STEPS
    modules = [m for m in STAGES[1:] if (package / stage.removeprefix("generator").strip(".") / f"{m}.py").exists()]
    apply = {"unwrap": "apply", "repair": "repair", "parse": "parse"}
    return tuple((m, getattr(importlib.import_module(f"{stage}.{m}"), apply[m])) for m in modules)


def time_stages(corpus: Path) -> dict[str, float]:
    """Milliseconds of CPU per file of each stage over `corpus`, after one warm-up pass."""
    import importlib

    import generator
    package = Path(generator.__file__).parent
    stage = "generator.reading" if (package / "reading").is_dir() else "generator"  # older layouts
    to_dispatch = importlib.import_module(f"{stage}.ingest").to_dispatch
    steps = _steps(package)
    files = [(p.read_bytes(), p.name) for p in sorted(corpus.rglob("*.txt"))]

    def one_pass() -> dict[str, float]:
        totals = dict.fromkeys(["decode", *(name for name, _ in steps)], 0.0)
        for data, name in files:
            start = time.process_time()
            d = to_dispatch(data, name)
            totals["decode"] += time.process_time() - start
            for step_name, step in steps:
                start = time.process_time()
                d = step(d)
                totals[step_name] += time.process_time() - start
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
    return {stage: statistics.median(r[stage] for r in runs) for stage in runs[0]}


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
    common = [s for s in runs["this"][0] if all(s in r[0] for r in runs.values())]
    print("| checkout | " + " | ".join(common) + " | total of these | all stages |")
    print("|---|" + "---|" * (len(common) + 2))
    for name, measured in runs.items():
        m = medians(measured)
        print(f"| {name} | " + " | ".join(f"{m[s]:.2f}" for s in common)
              + f" | {sum(m[s] for s in common):.2f} | {sum(m.values()):.2f} |")
    if baseline:
        ratios = sorted(sum(a[s] for s in common) / sum(b[s] for s in common)
                        for a, b in zip(runs["this"], runs["baseline"]))
        print(f"ratio this / baseline of the stages both have, per round (side by side): median "
              f"{statistics.median(ratios):.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f} (target ≤ 1.2)")


if __name__ == "__main__":
    main()

"""The served site is always whole: builds write beside it and swap it in (publishing.slots).

Builds of 400 generated dispatches are killed with SIGKILL at four points of a full build;
after each, the site path still serves every page of the build before, unchanged, and the
next build needs no hand work.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import slots
from generator.pipeline import BuildConfig, run
from generator.tables import find_project

from ..support.corpus import generate


def tree(root: Path) -> dict[str, str]:
    """Every file under root (a link followed) by its SHA-256."""
    root = root.resolve()
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_level_with_links_what_differs_and_deletes_the_rest(tmp_path):
    served, slot = tmp_path / "served", tmp_path / "slot"
    (served / "a" / "b").mkdir(parents=True)
    (served / "a" / "b" / "page.html").write_text("new")
    (served / "index.html").write_text("home")
    (slot / "old" / "deep").mkdir(parents=True)
    (slot / "old" / "deep" / "x.html").write_text("stale")
    (slot / "index.html").write_text("torn")  # a killed build's half-written file
    slots.level_with(slot, served)
    assert tree(slot) == tree(served)
    assert (slot / "index.html").stat().st_ino == (served / "index.html").stat().st_ino
    assert (slot / "index.html").stat().st_mtime_ns == (served / "index.html").stat().st_mtime_ns
    slots.fresh(slot / "index.html").write_text("written by the next build")
    assert (served / "index.html").read_text() == "home"


def test_a_site_folder_of_an_older_version_is_moved_behind_the_link(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "build-report.json").write_text("{}")
    slot = slots.building(site)
    (slot / "index.html").write_text("new")
    slots.publish(site, slot)
    assert site.is_symlink() and (site / "index.html").read_text() == "new"
    assert slots.served(site) == slot.resolve()
    assert (slots.slots_dir(site) / "b" / "build-report.json").is_file()  # the old one, kept as the other slot
    assert slots.building(site).name == "b"


def test_a_link_this_tool_did_not_make_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "elsewhere")
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "not to a build in" in done.stderr and "Traceback" not in done.stderr


def build_command(source: Path, site: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--source", str(source), "--site-dir", str(site),
            "--cache-dir", str(cache), "-j", "2"]


def count(folder: Path, pattern: str) -> int:
    return sum(1 for _ in folder.glob(pattern)) if folder.is_dir() else 0


KILL_POINTS = {  # while reading, staging Markdown, rendering HTML, writing the outputs and index
    "reading": lambda cache, slot: count(cache / "parsed", "*/*/*.pickle") >= 40,
    "markdown": lambda cache, slot: count(cache / "docs" / "van-ban", "*/*.md") >= 40,
    "mkdocs": lambda cache, slot: count(slot / "van-ban", "*/*.html") >= 40,
    "outputs": lambda cache, slot: (slot / "catalog.json").is_file(),
}


def kill_when(command: list[str], reached, cache: Path, slot: Path, limit: float = 120) -> None:
    """Start the build, SIGKILL it as soon as `reached(cache, slot)` holds."""
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = time.monotonic() + limit
    try:
        while not reached(cache, slot):
            assert build.poll() is None, "the build finished before the point was reached"
            assert time.monotonic() < stop
            time.sleep(0.005)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()


@pytest.mark.slow
def test_a_build_killed_at_any_point_leaves_the_old_site_serving_and_the_next_build_runs(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    generate(400, first, seed=3)
    generate(400, second, seed=4)
    site = tmp_path / "site"
    subprocess.run(build_command(first, site, tmp_path / "cache-0"), check=True, capture_output=True)
    before = tree(site)
    report = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
    assert len(report["pages"]) == 400
    for n, (point, reached) in enumerate(KILL_POINTS.items(), 1):
        cache = tmp_path / f"cache-{n}"  # a new cache dir: a full build, as after a change of theme
        kill_when(build_command(second, site, cache), reached, cache, slots.building(site))
        assert tree(site) == before, f"killed while {point}: the served site changed"
        assert all((site / p["url"]).is_file() for p in report["pages"])
    done = subprocess.run(build_command(second, site, cache), capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Read 0 of 400 files anew" in done.stdout  # the killed builds' reading is reused
    after = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
    assert len(after["pages"]) == 400 and tree(site) != before


def test_a_build_never_writes_into_the_site_it_replaces(tmp_path):
    """The slot a build writes links the served site's files: every writer must replace a
    file, never rewrite it in place, or the old site would change under its readers."""
    source = tmp_path / "in"
    source.mkdir()
    for seed in sorted((find_project() / "corpus").glob("*.txt")):
        (source / seed.name).write_bytes(seed.read_bytes())
    config = BuildConfig(source_dir=source, site_dir=tmp_path / "site", cache_dir=tmp_path / "cache", jobs=1)
    run(config)
    old_slot, before = (tmp_path / "site").resolve(), tree(tmp_path / "site")
    changed = next(p for p in sorted(source.glob("*.txt")) if "các đơn vị" in p.read_text(encoding="utf-8"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("các đơn vị", "các đơn vị trực thuộc", 1),
                       encoding="utf-8")  # a word in the body: the same pages, one of them changed
    report = run(config)
    assert report.mkdocs_mode == "dirty" and (tmp_path / "site").resolve() != old_slot
    assert tree(old_slot) == before
    assert tree(tmp_path / "site") != before

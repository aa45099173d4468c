"""The served site is always whole: a build writes a copy beside it and swaps it in at once.

`--site-dir` (say `site`) is a symbolic link to one of two complete builds kept beside it,
`.site-slots/a` and `.site-slots/b`. A build writes into the slot that is not served —
first brought level with the served one when only changed pages will be rendered — and
then replaces the link in one rename(2), which POSIX makes atomic: at every moment the
site path leads to the whole old site or the whole new one. A build killed at any point
leaves the old site serving and a half-written slot that the next build overwrites.

A web server serves the link's path and follows it (nginx by default, Apache with
`Options FollowSymLinks`). A site dir made by an older version (a real folder) is moved
into the slots on the first build; between those two renames the path is briefly absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.errors import BuildError

SLOTS = ("a", "b")


def slots_dir(site_dir: Path) -> Path:
    """Where the two builds behind `site_dir` are kept: `.<name>-slots` beside it."""
    return site_dir.parent / f".{site_dir.name}-slots"


def served(site_dir: Path) -> Path | None:
    """The folder the site path serves now (the slot its link points at, or the folder
    itself when an older version wrote one), or None before the first build.

    Raises BuildError for a link this tool did not make (it would be replaced)."""
    if site_dir.is_symlink():
        target = site_dir.resolve()
        if target.parent != slots_dir(site_dir).resolve() or target.name not in SLOTS:
            raise BuildError(f"--site-dir {site_dir} is a link to {target}, not to a build in "
                             f"{slots_dir(site_dir)}: the build replaces that link; remove it or "
                             "choose another --site-dir")
        return target
    return site_dir if site_dir.is_dir() else None


def building(site_dir: Path) -> Path:
    """The slot the next build writes: the one not served, created if missing."""
    name = "b" if site_dir.is_symlink() and served(site_dir).name == "a" else "a"
    slot = slots_dir(site_dir) / name
    slot.mkdir(parents=True, exist_ok=True)
    return slot


def level_with(slot: Path, source: Path) -> None:
    """Make `slot` hold exactly the files of `source`: copy those whose size or mtime
    differ (mtime kept, so MkDocs' dirty build compares against the served pages' times),
    delete the rest. Files are replaced, never written in place."""
    wanted: set[str] = set()
    for folder, dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        (slot / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            wanted.add((rel / name).as_posix())
            _copy_if_changed(Path(folder) / name, slot / rel / name)
        wanted.update((rel / d).as_posix() for d in dirs)
    for folder, dirs, files in os.walk(slot, topdown=False):
        rel = Path(folder).relative_to(slot)
        for name in files + dirs:
            if (rel / name).as_posix() not in wanted:
                path = Path(folder) / name
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def _copy_if_changed(src: Path, dst: Path) -> None:
    a = src.stat()
    try:
        b = dst.stat()
        if (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
            return
        dst.unlink()
    except FileNotFoundError:
        pass
    shutil.copy2(src, dst)


def publish(site_dir: Path, slot: Path) -> None:
    """Point `site_dir` at `slot` in one rename; a folder an older version wrote there is
    first moved into the other slot."""
    if site_dir.is_dir() and not site_dir.is_symlink():
        other = slots_dir(site_dir) / ("b" if slot.name == "a" else "a")
        shutil.rmtree(other, ignore_errors=True)
        os.rename(site_dir, other)
    link = site_dir.with_name(f".{site_dir.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(slot, site_dir.parent), link)
    os.replace(link, site_dir)

"""Site stage: stage the docs tree and run MkDocs as a library, as `mkdocs build` does."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import BuildError
from .tables import PROJECT_DIR

CONFIG_FILE = PROJECT_DIR / "mkdocs.yml"
CONTENT_DIR = PROJECT_DIR / "content"


def hand_written_pages() -> dict[str, bytes]:
    """The committed pages and assets of content/, by path relative to it."""
    return {
        p.relative_to(CONTENT_DIR).as_posix(): p.read_bytes()
        for p in sorted(CONTENT_DIR.rglob("*"))
        if p.is_file()
    }


def write_tree(root: Path, files: dict[str, bytes]) -> int:
    """Make `root` hold exactly `files`; rewrite only what changed so mtimes stay. Returns writes."""
    written = 0
    for rel, data in files.items():
        path = root / rel
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def build_site(docs_dir: Path, site_dir: Path, dirty: bool = False) -> None:
    """Run MkDocs over docs_dir into site_dir with the project's mkdocs.yml.

    dirty=True renders only pages whose staged Markdown is newer than their HTML and
    keeps the rest of site_dir; the caller decides when that is safe (same theme and
    configuration, no page removed).
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # MkDocs warns that dirty builds may leave stale navigation; ours keeps dispatch pages out of the nav.
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR if dirty else logging.NOTSET)
    try:
        config = load_config(
            config_file=str(CONFIG_FILE), docs_dir=str(docs_dir), site_dir=str(site_dir)
        )
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            mkdocs_build.build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}") from exc

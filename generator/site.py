"""Site stage: stage the docs tree and run MkDocs as a library, as `mkdocs build` does."""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from .errors import BuildError
from .tables import PROJECT_DIR

CONFIG_FILE = PROJECT_DIR / "mkdocs.yml"
CONTENT_DIR = PROJECT_DIR / "content"
MIN_PARALLEL_PAGES = 200
"""Below this many pages, forking page renderers costs more than it saves."""


def hand_written_pages() -> dict[str, bytes]:
    """The committed pages and assets of content/, by path relative to it."""
    return {
        p.relative_to(CONTENT_DIR).as_posix(): p.read_bytes()
        for p in sorted(CONTENT_DIR.rglob("*"))
        if p.is_file()
    }


def write_tree(root: Path, files: Iterable[tuple[str, bytes]]) -> set[str]:
    """Make `root` hold exactly `files` (path, bytes), taken one at a time so they need not
    all be in memory; rewrite only what changed so mtimes stay. Returns the paths."""
    staged = set()
    for rel, data in files:
        staged.add(rel)
        path = root / rel
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in staged:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return staged


def build_site(docs_dir: Path, site_dir: Path, dirty: bool = False, jobs: int = 1, extra: dict | None = None) -> None:
    """Run MkDocs over docs_dir into site_dir with the project's mkdocs.yml, its `extra`
    (what templates read as config.extra) updated with `extra`.

    dirty=True renders only pages whose staged Markdown is newer than their HTML and
    keeps the rest of site_dir; the caller decides when that is safe (same theme and
    configuration, no page removed). jobs > 1 renders the pages in that many processes.
    """
    extra = extra or {}
    try:
        config = _load_config(docs_dir, site_dir, extra, dirty)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            _build(config, extra, dirty, jobs)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}") from exc


def _load_config(docs_dir: Path, site_dir: Path, extra: dict, dirty: bool) -> MkDocsConfig:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # MkDocs warns that dirty builds may leave stale navigation; ours keeps dispatch pages out of the nav.
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR if dirty else logging.NOTSET)
    config = load_config(config_file=str(CONFIG_FILE), docs_dir=str(docs_dir), site_dir=str(site_dir))
    config.extra.update(extra)
    return config


@dataclass
class _Build:
    """What every page's rendering needs: MkDocs' files, nav and template environment."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    pages: list[File]
    dirty: bool


def _build(config: MkDocsConfig, extra: dict, dirty: bool, jobs: int) -> None:
    """mkdocs.commands.build.build, with pages rendered and written one at a time.

    MkDocs first renders every page's Markdown and keeps all of it in memory (gigabytes
    at 100,000 pages). Here the nav pages, the only ones other pages show anything of, are
    read first as MkDocs would; every other page is then read, rendered, written and
    released in turn, in `jobs` fresh processes (not forks of the build, so they do not
    carry its memory). The HTML is the same. Not run: the anchor check across pages, which
    this configuration reports at level info only.
    """
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if not dirty:
        mkdocs_utils.clean_directory(config.site_dir)
    build = _prepare(config, dirty)
    build.files.copy_static_files(dirty=dirty, inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, build.env, build.files, config, build.nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, build.files, config, build.nav)
    if jobs > 1 and len(build.pages) >= MIN_PARALLEL_PAGES:
        inputs = (Path(config.docs_dir), Path(config.site_dir), extra, dirty)
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            shares = [pool.submit(_render_in_worker, *inputs, share, jobs) for share in range(jobs)]
            for share in shares:
                share.result()
    else:
        _render_share(build, 0, 1)
    config.plugins.on_post_build(config=config)


def _prepare(config: MkDocsConfig, dirty: bool) -> _Build:
    """MkDocs' files and nav, a Page for every page, and the nav pages read."""
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in pages:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        elif not file.inclusion.is_not_in_nav():
            mkdocs_build._populate_page(file.page, config, files, dirty)
    env = config.plugins.on_env(env, config=config, files=files)
    return _Build(config, files, nav, env, pages, dirty)


def _render_in_worker(docs_dir: Path, site_dir: Path, extra: dict, dirty: bool, share: int, shares: int) -> None:
    """Worker process: set MkDocs up again from the same inputs, render one share of the pages."""
    config = _load_config(docs_dir, site_dir, extra, dirty)
    _render_share(_prepare(config.plugins.on_config(config), dirty), share, shares)


def _render_share(build: _Build, share: int, shares: int) -> None:
    """Render and write pages share, share + shares, … of `build`."""
    for file in build.pages[share::shares]:
        page = file.page
        if file.inclusion.is_not_in_nav():
            mkdocs_build._populate_page(page, build.config, build.files, build.dirty)
        mkdocs_build._build_page(page, build.config, build.pages, build.nav, build.env, build.dirty)
        if file.inclusion.is_not_in_nav():
            page.markdown = page.content = None

"""Site stage: stage the docs tree and run MkDocs as a library, as `mkdocs build` does."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
from mkdocs import utils as mkdocs_utils

# Private functions of mkdocs.commands.build (_populate_page, _build_page, _build_theme_template,
# _build_extra_template) and of mkdocs.structure.pages (the two treeprocessors): _build below
# is MkDocs' build() step by step, but rendering and writing one page at a time, in workers,
# which its public build() cannot. They may change in any release, hence the pin
# mkdocs>=1.6.1,<1.7 (pyproject.toml), and tests/test_speed_paths.py holds the HTML to `mkdocs build`'s.
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import (
    File,
    Files,
    InclusionLevel,
    get_files,
    set_exclusions,
)
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as mkdocs_meta

from generator import tables
from generator.errors import BuildError
from generator.pages.indexes import not_in_nav
from generator.parallel import pool, worth_parallel
from generator.slots import fresh

MS_PER_PAGE = 6.0
"""CPU milliseconds MkDocs takes to render one dispatch page (Markdown, Material's template)."""


def content_dir() -> Path:
    """content/ of the project in use: the hand-written pages and assets."""
    return tables.project() / "content"


def hand_written_pages() -> dict[str, bytes]:
    """The committed pages and assets of content/, by path relative to it."""
    content = content_dir()
    return {
        p.relative_to(content).as_posix(): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


class _Warnings(logging.Handler):
    """The warnings MkDocs logs while it builds, as text (pages' broken links, missing files…)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def build_site(docs_dir: Path, site_dir: Path, dirty: bool = False, jobs: int = 1,
               extra: dict | None = None) -> list[str]:
    """Run MkDocs over docs_dir into site_dir with the project's mkdocs.yml, its `extra`
    (what templates read as config.extra) updated with `extra`.

    dirty=True renders only pages whose staged Markdown is newer than their HTML and
    keeps the rest of site_dir; the caller decides when that is safe (same theme and
    configuration, no page removed). jobs > 1 renders the pages in that many processes.
    Returns the warnings MkDocs logged, in this process and in the workers.
    """
    extra = extra or {}
    with _collect_warnings() as warnings:
        try:
            config = _load_config(docs_dir, site_dir, extra, dirty)
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                warnings += _build(config, extra, dirty, jobs)
            except Exception as exc:  # as mkdocs.commands.build.build does
                config.plugins.on_build_error(error=exc)
                raise
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            raise BuildError(f"MkDocs failed: {exc}") from exc
        return list(warnings)


def _load_config(docs_dir: Path, site_dir: Path, extra: dict, dirty: bool) -> MkDocsConfig:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # MkDocs warns that dirty builds may leave stale navigation; ours keeps dispatch pages out of the nav.
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR if dirty else logging.NOTSET)
    config = load_config(config_file=str(tables.project() / "mkdocs.yml"), docs_dir=str(docs_dir),
                         site_dir=str(site_dir), not_in_nav=not_in_nav())
    config.extra.update(extra)
    return config


def page_data(source: str) -> tuple[str, dict]:
    """mkdocs.utils.meta.get_data(source): the Markdown and the front matter. Front matter
    that is a JSON object (what the generator writes, pages.write.dump_yaml) is read by
    json.loads, which reads it as YAML reads it, 40 times faster (0.03 ms against 1.3 ms a
    dispatch page, a tenth of its MkDocs time); any other by get_data itself."""
    found = mkdocs_meta.YAML_RE.match(source)
    if found and found.group(1).startswith("{"):
        try:
            data = json.loads(found.group(1))
        except ValueError:
            data = None
        if isinstance(data, dict):
            return source[found.end():].lstrip("\n"), data
    return mkdocs_meta.get_data(source)


class _MarkdownPage(Page):
    """A not-in-nav page, rendered by its process's one Markdown instance, its front matter
    read by page_data.

    Page.render builds a new markdown.Markdown with every extension for each page and
    registers four MkDocs treeprocessors; Python-Markdown is made to be reused after
    reset(), so here each process builds it once and per page only re-registers the two
    treeprocessors whose results reach the output: relative links and the title from the
    first heading. Left out are the two that only collect anchor ids, for the cross-page
    anchor check this build does not run. Python-Markdown replaces a treeprocessor
    registered again under the same name. Same HTML, toc and title as Page.render.
    """

    def __init__(self, file: File, config: MkDocsConfig, md: markdown.Markdown) -> None:
        super().__init__(None, file, config)
        self._md = md

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        self.markdown, self.meta = page_data(source if source is not None else self.file.content_string)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        md = self._md.reset()
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        first_heading = mkdocs_pages._ExtractTitleTreeprocessor()
        first_heading._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = first_heading.title


@dataclass
class _Build:
    """What every page's rendering needs: MkDocs' files, nav and template environment,
    and the Markdown instance not-in-nav pages share."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    pages: list[File]
    dirty: bool
    md: markdown.Markdown


def _build(config: MkDocsConfig, extra: dict, dirty: bool, jobs: int) -> list[str]:
    """mkdocs.commands.build.build, with pages rendered and written one at a time.

    MkDocs first renders every page's Markdown and keeps all of it in memory (gigabytes
    at 100,000 pages). Here each page is read, rendered, written and released in turn, in
    `jobs` fresh processes (not forks of the build, so they do not carry its memory) that
    take batches of pages as they finish the last, biggest pages first. The HTML is the
    same. Not run: the anchor check across pages, which this configuration reports at
    level info only. Returns the warnings the workers logged.
    """
    with _replacing_writers():
        return _build_replacing(config, extra, dirty, jobs)


def _build_replacing(config: MkDocsConfig, extra: dict, dirty: bool, jobs: int) -> list[str]:
    from_workers: list[str] = []
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if not dirty:
        mkdocs_utils.clean_directory(config.site_dir)
    build = _prepare(config, dirty)
    build.files.copy_static_files(dirty=dirty, inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        for output in (template, f"{template}.gz"):  # sitemap.xml.gz is written by open(), not write_file
            fresh(Path(config.site_dir) / output)
        mkdocs_build._build_theme_template(template, build.env, build.files, config, build.nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, build.files, config, build.nav)
    if worth_parallel(jobs, len(build.pages), MS_PER_PAGE, "spawn"):
        inputs = (Path(config.docs_dir), Path(config.site_dir), extra, dirty)
        with pool(jobs, "spawn", initializer=_start_worker, initargs=inputs) as workers:
            for done in [workers.submit(_render_in_worker, batch) for batch in _batches(build.pages)]:
                from_workers += done.result()
    else:
        for file in build.pages:
            _render_page(build, file)
    config.plugins.on_post_build(config=config)
    return from_workers


def _prepare(config: MkDocsConfig, dirty: bool) -> _Build:
    """MkDocs' files and nav, with the nav pages' front matter read.

    Other pages show of a nav page only its title (given in mkdocs.yml) and front matter
    (Material reads nav_item.meta), so a nav page is read here, as MkDocs' build would,
    and rendered only with the other pages; one the nav gives no title is rendered here
    too, as MkDocs then takes the title from its first heading. Not-in-nav pages get their
    Page only when rendered (_render_page), not from get_navigation: at 100,000 pages the
    Pages alone are hundreds of MB in every process.
    """
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
    in_nav = {page.file.src_uri for page in nav.pages}
    for file in pages:
        if file.src_uri not in in_nav:
            file.page = None  # get_navigation gave every page one
    for page in nav.pages:
        if "title" not in vars(page):  # Page stores a title from the nav as an attribute
            mkdocs_build._populate_page(page, config, files, dirty)
        elif not (dirty and not page.file.is_modified()):
            page.read_source(config)
    env = config.plugins.on_env(env, config=config, files=files)
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    return _Build(config, files, nav, env, pages, dirty, md)


def _batches(pages: list[File], size: int = 1_000_000) -> list[list[str]]:
    """The pages' src_uris, biggest file first, in batches of about `size` bytes of
    Markdown, so that no worker is left with a long page at the end."""
    by_size = sorted(((os.path.getsize(f.abs_src_path), f.src_uri) for f in pages), reverse=True)
    batches: list[list[str]] = []
    filled = size
    for bytes_, uri in by_size:
        if filled + bytes_ > size:
            batches.append([])
            filled = 0
        batches[-1].append(uri)
        filled += bytes_
    return batches


_worker_build: _Build | None = None
"""A worker process's MkDocs set-up, made once by _start_worker."""


@contextmanager
def _replacing_writers() -> Iterator[None]:
    """MkDocs' two file writers (mkdocs.utils.write_file, copy_file, which the build and
    File.copy_file look up when called) replace the file at the output path instead of
    rewriting it in place: a levelled slot's files are the served site's (slots.fresh)."""
    write_file, copy_file = mkdocs_utils.write_file, mkdocs_utils.copy_file
    mkdocs_utils.write_file = lambda content, path: write_file(content, fresh(Path(path)))
    mkdocs_utils.copy_file = lambda source, path: copy_file(source, fresh(Path(path)) if not os.path.isdir(path) else path)
    try:
        yield
    finally:
        mkdocs_utils.write_file, mkdocs_utils.copy_file = write_file, copy_file


def _start_worker(docs_dir: Path, site_dir: Path, extra: dict, dirty: bool) -> None:
    """Worker process: set MkDocs up again from the same inputs, its writers replacing files."""
    global _worker_build
    _replacing_writers().__enter__()  # for the worker's life
    config = _load_config(docs_dir, site_dir, extra, dirty)
    _worker_build = _prepare(config.plugins.on_config(config), dirty)


def _render_in_worker(src_uris: list[str]) -> list[str]:
    """Worker process: render and write the pages of one batch; the warnings MkDocs logged."""
    with _collect_warnings() as warnings:
        for uri in src_uris:
            _render_page(_worker_build, _worker_build.files.src_uris[uri])
        return list(warnings)


def _render_page(build: _Build, file: File) -> None:
    """Read, render and write one page as MkDocs' build does, then let its text go; a
    page the nav has no Page for gets one here, dropped after."""
    in_nav = file.page is not None
    page = file.page if in_nav else _MarkdownPage(file, build.config, build.md)
    mkdocs_build._populate_page(page, build.config, build.files, build.dirty)
    mkdocs_build._build_page(page, build.config, build.pages, build.nav, build.env, build.dirty)
    page.markdown = page.content = None
    page.toc = []
    if not in_nav:
        file.page = None

"""Render stage: Markdown pages with YAML front matter, and the browse pages.

Front matter is written with yaml.safe_dump and validated against
site_config/front_matter.schema.json before it is written: an invalid page is a
bug in the generator and fails the build.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

import jsonschema
import yaml

from . import indexes, structure
from .catalog import markdown_path, raw_path
from .errors import BuildError
from .folding import slugify
from .model import Dispatch
from .tables import TABLES_DIR

SUMMARY_MARKER = "<!-- dispatch-archive:summary -->"
"""Where the hand-written home page (content/index.md) receives counts and latest dispatches."""
LATEST_COUNT = 10


@lru_cache(maxsize=1)
def _schema_validator():
    schema = json.loads((TABLES_DIR / "front_matter.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def front_matter(d: Dispatch, record: dict) -> str:
    """The page's YAML front matter block, validated against the schema."""
    # Material prints page.meta.title unescaped into <title> and the header bar, so the
    # title is stored HTML-escaped (overrides/main.html prints it as it is).
    meta = {**record, "title": html.escape(d.title)}
    errors = sorted(_schema_validator().iter_errors(meta), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        raise BuildError(
            f"generator wrote invalid front matter for {d.source}: {where}: {errors[0].message}"
        )
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n"


def raw_block(d: Dispatch) -> str:
    """The collapsed "Văn bản gốc" block: the raw text unchanged, and a link to the file."""
    name = posixpath.basename(raw_path(d))
    return (
        '<details class="van-ban-goc">\n<summary>Văn bản gốc</summary>\n'
        f'<p><a href="{html.escape(name)}" download>Tải tệp gốc</a> '
        f"(<code>{html.escape(d.source)}</code>, SHA-256 <code>{d.sha256}</code>)</p>\n"
        f"<pre>{html.escape(d.raw_text)}</pre>\n</details>\n"
    )


def dispatch_page(d: Dispatch, record: dict, cited_by: Sequence[Dispatch] = ()) -> str:
    """The whole Markdown page of one dispatch: body, its task checklist, who cites it, raw text."""
    if d.blocks:
        body = structure.blocks_to_markdown(d.blocks)
    else:
        body = "\n\n".join(structure.escape_markdown(p) for p in d.body_text.split("\n\n") if p)
    sections = "".join(f"\n{s}" for s in (indexes.task_section(d), indexes.cited_by_section(d, cited_by)) if s)
    return f"{front_matter(d, record)}\n{body}\n{sections}\n{raw_block(d)}"


def _cell(text: str) -> str:
    return structure.escape_markdown(text).replace("|", "\\|")


def _link(from_page: str, d: Dispatch) -> str:
    target = posixpath.relpath(markdown_path(d), posixpath.dirname(from_page) or ".")
    return f"[{_cell(d.symbol or d.source)}]({target})"


def _by_date(dispatches: list[Dispatch]) -> list[Dispatch]:
    return sorted(dispatches, key=lambda d: (d.date, d.symbol), reverse=True)


def dispatch_table(from_page: str, dispatches: list[Dispatch]) -> str:
    """A Markdown table of dispatches, newest first, linked from `from_page`."""
    rows = ["| Ngày | Số, ký hiệu | Loại | Trích yếu |", "|---|---|---|---|"]
    for d in _by_date(dispatches):
        rows.append(
            f"| {d.date or '—'} | {_link(from_page, d)} | {_cell(d.doc_type)} | {_cell(d.subject)} |"
        )
    return "\n".join(rows) + "\n"


def _grouped_pages(
    folder: str, title: str, heading: str, groups: dict[str, list[Dispatch]], slug_of
) -> dict[str, str]:
    """An index page listing groups with counts, and one page per group."""
    pages = {}
    lines = [f"# {title}\n", "| | Số văn bản |", "|---|---|"]
    for key in sorted(groups, key=lambda k: (k == "", k), reverse=(folder == "nam")):
        name = key or "Không rõ"
        page = f"{folder}/{slug_of(key)}.md"
        lines.append(f"| [{_cell(name)}]({posixpath.basename(page)}) | {len(groups[key])} |")
        pages[page] = f"# {heading} {_cell(name)}\n\n" + dispatch_table(page, groups[key])
    pages[f"{folder}/index.md"] = "\n".join(lines) + "\n"
    return pages


def browse_pages(dispatches: list[Dispatch]) -> dict[str, str]:
    """The generated browse pages (path relative to the docs root → Markdown)."""
    by_year: dict[str, list[Dispatch]] = defaultdict(list)
    by_type: dict[str, list[Dispatch]] = defaultdict(list)
    for d in dispatches:
        by_year[d.year].append(d)
        by_type[d.doc_type].append(d)
    pages = _grouped_pages(
        "nam", "Văn bản theo năm", "Năm", by_year, lambda y: y or "khong-ro"
    )
    pages.update(
        _grouped_pages(
            "loai", "Văn bản theo loại", "Loại:", by_type, lambda t: slugify(t) or "khong-ro"
        )
    )
    return pages


def home_summary(dispatches: list[Dispatch]) -> str:
    """Counts and the latest dispatches, for the marker in content/index.md."""
    years = Counter(d.year for d in dispatches if d.year)
    types = Counter(d.doc_type for d in dispatches if d.doc_type)
    span = f"{min(years)}–{max(years)}" if years else "—"
    lines = [
        f"Kho lưu trữ có **{len(dispatches)}** văn bản, {len(types)} loại, các năm {span}.\n",
        "## Văn bản mới nhất\n",
        dispatch_table("index.md", _by_date(dispatches)[:LATEST_COUNT]),
    ]
    return "\n".join(lines)

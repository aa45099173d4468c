"""Browse pages and the home page: dispatches by year, month, type, drafting unit and
signer, the home-page counts, latest dispatches and charts; and the dispatch table and
link helpers every index page uses.

Every function returns Markdown by path relative to the docs root; source text is
escaped with markdown.escape_markdown (which also escapes "|" in table cells), and with
html.escape in the dispatch tables, which are written as HTML (see dispatch_table).
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from generator.language.collation import vi_key
from generator.language.dates import dmy_date, month_name
from generator.language.folding import slugify
from generator.language.units import Registry, registry
from generator.model import DispatchMeta
from generator.pages import charts
from generator.pages.catalog import markdown_path, source_tag
from generator.pages.finished_html import finished_html
from generator.pages.links import newest_first
from generator.pages.markdown import escape_markdown

CHARTS_MARKER = "<!-- dispatch-archive:charts -->"
"""Where content/index.md receives the charts."""
SUMMARY_MARKER = "<!-- dispatch-archive:summary -->"
"""Where content/index.md receives the counts and the latest dispatches."""
LATEST_COUNT = 10
PAGE_ROWS = 500
"""Most rows one list page shows. A group with more (a type, a unit, a unit's tasks…) gets
a page of counts by year linking to one page per year, `<folder>/<slug>--<year>.md`; a year
with more, a page of counts by month linking to `<folder>/<slug>--<yyyy-mm>.md`. At 500 the
biggest page of the 10,000 benchmark is 284 KB; at 200 it had 10,164 index pages, whose
Material frame (≈ 2 ms of MkDocs and 11.7 KB each) was a fifth of the build and the site."""
NO_YEAR = "khong-ro-nam"


@lru_cache(maxsize=1 << 17)
def cell(text: str) -> str:
    """Source text as literal Markdown (also escapes "|" in table cells). Cached: index
    pages show each dispatch's symbol, type and subject on several pages."""
    return escape_markdown(text)


@lru_cache(maxsize=1 << 12)
def _relative_dir(from_dir: str, to_dir: str) -> str:
    return posixpath.relpath(to_dir or ".", from_dir or ".")


def relative(from_page: str, target: str) -> str:
    """The link from one docs page to another, relative (posixpath.relpath, which reads
    the working directory on every call, once per pair of folders)."""
    folder, name = posixpath.split(target)
    up = _relative_dir(posixpath.dirname(from_page), folder)
    return name if up == "." else f"{up}/{name}"


def dispatch_link(from_page: str, d: DispatchMeta, anchor: str = "") -> str:
    """A Markdown link to a dispatch page, labelled with its symbol (class "symbol": it never
    breaks inside, archive.css)."""
    target = relative(from_page, markdown_path(d)) + (f"#{anchor}" if anchor else "")
    return f"[{cell(d.symbol or d.source)}]({target}){{: .symbol}}"


def dispatch_html_link(from_page: str, d: DispatchMeta, anchor: str = "") -> str:
    """dispatch_link as the HTML Markdown makes of it, for the blocks written as HTML."""
    target = relative(from_page, d.url) + (f"#{anchor}" if anchor else "")
    return f'<a class="symbol" href="{target}">{html_text(d.symbol or d.source)}</a>'


def dispatch_table(from_page: str, dispatches, extra: dict[str, str] | None = None) -> str:
    """Dispatches newest first; `extra` adds a last column by dispatch id (e.g. the purpose).

    Written as the HTML Python-Markdown's tables extension makes of a Markdown table (its
    inline pass over every cell was most of MkDocs' time on an index page), in a
    div.dispatch-list, which archive.css stacks into rows on a phone."""
    head = ["Ngày", "Số, ký hiệu", "Loại", "Trích yếu"] + (["Ghi chú"] if extra is not None else [])
    lines = ['<div class="dispatch-list">', "<table>", "<thead>", "<tr>", *(f"<th>{h}</th>" for h in head), "</tr>",
             "</thead>", "<tbody>"]
    for d in newest_first(dispatches):
        cells = [dmy_date(d.date), dispatch_html_link(from_page, d), html_text(d.doc_type), html_text(d.subject)]
        cells += [html_text(extra.get(d.id, ""))] if extra is not None else []
        lines += ["<tr>", *(f"<td>{c}</td>" for c in cells), "</tr>"]
    return finished_html("\n".join(lines + ["</tbody>", "</table>", "</div>"]))


def shorten(text: str, chars: int) -> str:
    """`text` cut at the last word within `chars` characters, with " …"; whole when it fits."""
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " …"


@lru_cache(maxsize=1 << 17)
def html_text(text: str) -> str:
    """Source text as HTML text. Cached, as cell() is."""
    return html.escape(text, quote=False)


def _slug_base(key: str) -> str:
    return slugify(key) or "khong-ro"


def _group_slugs(keys) -> dict[str, str]:
    """A distinct, stable file name per group key: keys that slug alike ("Thắng", "Thăng"),
    and a key that slugs to "index" (the group index's own name), get a hash of the key."""
    bases = {key: _slug_base(key) for key in keys}
    shared = Counter(bases.values())
    return {
        key: base if shared[base] == 1 and base != "index" else f"{base}-{source_tag(key)}"
        for key, base in bases.items()
    }


@dataclass(frozen=True)
class Listing:
    """One list on a group's pages: its heading ("" for none), its column in the tables of
    counts, its rows (dispatches, or (dispatch, task) pairs) and how a page shows them."""

    heading: str
    column: str
    rows: list
    show: Callable[[str, list], str]


def _row_date(row) -> str:
    return row.date if isinstance(row, DispatchMeta) else row[0].date


def _period_name(key: str) -> str:
    if key == NO_YEAR:
        return "Không rõ năm"
    return f"Năm {key}" if len(key) == 4 else month_name(key)


def group_pages(folder: str, slug: str, title: str, listings: list[Listing], intro: str = "",
                period: str = "") -> Iterator[tuple[str, str]]:
    """A group's page, `<folder>/<slug>.md`, and when it has more than PAGE_ROWS rows its
    pages by year (and by month within a year that has more); rows that cannot be told
    apart further (no date, one month) stay on one page. `intro` is on every page;
    `period` is the year, month or NO_YEAR the page is of ("" for the whole group)."""
    page = f"{folder}/{slug}--{period}.md" if period else f"{folder}/{slug}.md"
    text = [f"# {title}" + (f" — {_period_name(period).lower()}" if period else "") + "\n"]
    text += [intro] if intro else []
    if period:
        parent = f"{slug}--{period[:4]}.md" if len(period) == 7 else f"{slug}.md"
        text.append(f"Thuộc: [{title}{' — năm ' + period[:4] if len(period) == 7 else ''}]({parent}).\n")
    width = 7 if len(period) == 4 else 4
    parts: dict[str, list[list]] = defaultdict(lambda: [[] for _ in listings])
    for i, listing in enumerate(listings):
        for row in listing.rows:
            parts[_row_date(row)[:width] or NO_YEAR][i].append(row)
    if sum(len(listing.rows) for listing in listings) <= PAGE_ROWS or len(parts) < 2:
        for listing in listings:
            text += [f"## {listing.heading}\n"] if listing.heading else []
            text.append(listing.show(page, listing.rows) if listing.rows else "Không có.\n")
        yield page, "\n".join(text) + "\n"
        return
    text += ["| " + ("Năm" if width == 4 else "Tháng") + " | " + " | ".join(ls.column for ls in listings) + " |",
             "|---|" + "---|" * len(listings)]
    for key in sorted(parts, key=lambda k: (k != NO_YEAR, k), reverse=True):
        counts = " | ".join(str(len(rows)) for rows in parts[key])
        text.append(f"| [{_period_name(key)}]({slug}--{key}.md) | {counts} |")
        subsets = [replace(listing, rows=rows) for listing, rows in zip(listings, parts[key])]
        yield from group_pages(folder, slug, title, subsets, intro, key)
    yield page, "\n".join(text) + "\n"


def _grouped(folder: str, title: str, groups: dict[str, list[DispatchMeta]], label) -> Iterator[tuple[str, str]]:
    """One page per group (by year and month when large, see group_pages), then the index
    of groups with counts."""
    rows = ["| | Số văn bản |", "|---|---|"]
    slugs = _group_slugs(groups)
    dated = folder in ("nam", "thang")  # newest first; names in Vietnamese order
    for key in sorted(groups, key=lambda k: (k == "", k if dated else vi_key(label(k))), reverse=dated):
        slug = slugs[key]
        rows.append(f"| [{cell(label(key))}]({slug}.md) | {len(groups[key])} |")
        if folder == "nam" and key and len(groups[key]) > PAGE_ROWS:
            yield f"{folder}/{slug}.md", _year_by_month(f"{folder}/{slug}.md", cell(label(key)), groups[key])
        else:
            yield from group_pages(folder, slug, cell(label(key)), [Listing("", "Số văn bản", groups[key], dispatch_table)])
    yield f"{folder}/index.md", f"# {title}\n\n" + "\n".join(rows) + "\n"


def _year_by_month(page: str, title: str, dispatches: list[DispatchMeta]) -> str:
    """A large year's page: its months with counts, linking to the month pages."""
    months = Counter(d.date[:7] for d in dispatches)
    rows = [f"# {title}\n", f"{len(dispatches)} văn bản.\n", "| Tháng | Số văn bản |", "|---|---|"]
    for month in sorted(months, reverse=True):
        rows.append(f"| [{month_name(month)}]({relative(page, f'thang/{month}.md')}) | {months[month]} |")
    return "\n".join(rows) + "\n"


BROWSE = {
    "nam": ("Văn bản theo năm", lambda k: f"Năm {k}" if k else "Không rõ năm"),
    "thang": ("Văn bản theo tháng", month_name),
    "loai": ("Văn bản theo loại", lambda k: k or "Không rõ loại"),
    "soan-thao": ("Văn bản theo đơn vị soạn thảo", lambda k: k or "Không rõ"),
    "nguoi-ky": ("Văn bản theo người ký", lambda k: k or "Không rõ"),
}
"""The browse folders: their index page's title and how a group key is named."""


def browse_groups(dispatches: list[DispatchMeta], units: Registry | None = None) -> dict[str, dict[str, list[DispatchMeta]]]:
    """The dispatches of each browse folder by group key: year, month, type, drafting unit
    (its registered name, else its code) and signer."""
    units = units or registry()
    groups: dict[str, dict[str, list[DispatchMeta]]] = {folder: defaultdict(list) for folder in BROWSE}
    for d in dispatches:
        keys = (d.year, d.date[:7], d.doc_type, units.code_name(d.drafting_unit) or d.drafting_unit, d.signer.name)
        for folder, key in zip(BROWSE, keys):
            groups[folder][key].append(d)
    return groups


def browse_slugs(dispatches: list[DispatchMeta], units: Registry | None = None) -> dict[str, dict[str, str]]:
    """{folder: {group key: page slug}}: where the browse page of each value is, for the
    metadata panel of a dispatch page to link its type, year, drafting unit and signer."""
    return {folder: _group_slugs(groups) for folder, groups in browse_groups(dispatches, units).items()}


def collided_slugs(slugs: dict[str, dict[str, str]]) -> list[list[str]]:
    """[folder, key, slug] of every group whose slug carries a hash of its key (browse_slugs'
    output): the ones another key can change, so a build that sees them change re-renders
    every page linking there."""
    return sorted([folder, key, slug] for folder, by_key in slugs.items() for key, slug in by_key.items()
                  if slug != _slug_base(key))


def browse_pages(dispatches: list[DispatchMeta], units: Registry | None = None) -> Iterator[tuple[str, str]]:
    """Browse pages by year, month, document type, drafting unit and signer."""
    for folder, groups in browse_groups(dispatches, units).items():
        title, label = BROWSE[folder]
        yield from _grouped(folder, title, groups, label)


def home_summary(dispatches: list[DispatchMeta]) -> str:
    """Counts and the latest dispatches, for SUMMARY_MARKER in content/index.md."""
    years = Counter(d.year for d in dispatches if d.year)
    types = Counter(d.doc_type for d in dispatches if d.doc_type)
    span = f"{min(years)}–{max(years)}" if years else "—"
    return "\n".join([
        f"Kho lưu trữ có **{len(dispatches)}** văn bản, {len(types)} loại, các năm {span}.\n",
        "## Văn bản mới nhất\n",
        dispatch_table("index.md", newest_first(dispatches)[:LATEST_COUNT]),
    ])


def home_charts(dispatches: list[DispatchMeta], tasks: Counter) -> str:
    """The home page charts: dispatches per year and per type, `tasks` per unit."""
    years = Counter(d.year or "?" for d in dispatches)
    types = Counter(d.doc_type or "?" for d in dispatches)
    return '<div class="archive-charts">\n' + "\n".join((
        charts.bar_chart("Văn bản theo năm", sorted(years.items())),
        charts.bar_chart("Văn bản theo loại", types.most_common()),
        charts.bar_chart("Nhiệm vụ theo đơn vị", tasks.most_common(charts.MAX_BARS)),
    )) + "\n</div>\n"

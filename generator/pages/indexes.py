"""Index pages across dispatches: units, task boards, tasks.csv, references not in the
archive, and the sections a dispatch page gets from them (its checklist, who cites it).
Browse pages and the home page are in browse.py, with the table and link helpers.

Every function returns Markdown (or bytes) by path relative to the docs root; source
text is escaped with browse.cell (which also escapes "|" in table cells).
"""

from __future__ import annotations

import csv
import html
import io
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from generator.language.collation import vi_key
from generator.language.dates import dmy_date
from generator.language.units import Registry, Unit, registry
from generator.model import Bodies, DispatchMeta, Task
from generator.pages.boards import NO_UNIT, task_board
from generator.pages.browse import (
    BROWSE,
    Listing,
    browse_pages,
    cell,
    dispatch_link,
    dispatch_table,
    group_pages,
    relative,
)
from generator.pages.calendar import unit_calendars
from generator.pages.catalog import PAGES_DIR, markdown_path
from generator.pages.feeds import unit_feed
from generator.pages.finished_html import finished_html
from generator.pages.links import Links, newest_first
from generator.pages.status import STATUS_FOLDER

UNITS_DIR = "don-vi"
TASKS_DIR = "nhiem-vu"
CITED_PAGE = "van-ban-dan-chieu/index.md"
UNMATCHED_PAGE = f"{UNITS_DIR}/chua-khop.md"
TASKS_CSV = "tasks.csv"
CSV_CHUNK = 1 << 20
CSV_COLUMNS = ("Văn bản", "Ngày ban hành", "Đơn vị", "Nhiệm vụ", "Hạn", "Lặp lại", "Liên kết")
"""tasks.csv's headers (its rows: symbol, ISO date, unit, task, ISO deadline, recurrence, page#anchor)."""
UNASSIGNED_SLUG = "chua-xac-dinh-don-vi"
"""The task board of tasks that name no unit (no registered unit has this slug)."""
UNMATCHED_EXAMPLES = 3


def not_in_nav() -> str:
    """MkDocs' not_in_nav patterns: the folders the build writes pages into (dispatch pages
    and every group's pages), whose index pages alone mkdocs.yml's nav names."""
    folders = [PAGES_DIR, *BROWSE, UNITS_DIR, TASKS_DIR, STATUS_FOLDER]
    return "\n".join(f"/{folder}/" if folder == PAGES_DIR else f"/{folder}/*.md" for folder in folders) + "\n"


def cited_by_section(d: DispatchMeta, citing: list[DispatchMeta]) -> str:
    """The "Được dẫn chiếu bởi" section of a dispatch page ("" when nothing cites it)."""
    if not citing:
        return ""
    return "## Được dẫn chiếu bởi\n\n" + dispatch_table(markdown_path(d), citing)


@dataclass
class UnitEntries:
    """What the archive holds for one unit."""

    addressed: dict[str, DispatchMeta] = field(default_factory=dict)
    informed: dict[str, DispatchMeta] = field(default_factory=dict)
    purposes: dict[str, str] = field(default_factory=dict)
    tasks: list[tuple[DispatchMeta, Task]] = field(default_factory=list)


@dataclass
class UnitIndex:
    """Dispatches, copies and tasks by canonical unit name, and the entries that matched none."""

    units: dict[str, Unit]
    entries: dict[str, UnitEntries]
    unmatched: list[tuple[str, str, DispatchMeta]]
    """(entry as written, where: "Kính gửi"/"Nơi nhận", dispatch)."""
    unassigned: list[tuple[DispatchMeta, Task]]
    tasks: list[tuple[DispatchMeta, Task]]
    """Every task of the archive, in the order of the dispatches (tasks.csv)."""
    links: dict[str, str]
    """{Kính gửi or Nơi nhận entry as written: the slug of its unit's page under UNITS_DIR},
    for the entries that name one registered unit (a dispatch page links them there)."""
    as_of: str = ""
    """The archive's date (its newest dispatch's, as the build's SOURCE_DATE_EPOCH): a task
    whose deadline is before it is marked overdue on the boards."""


def unit_index(dispatches: list[DispatchMeta], bodies: Bodies, units: Registry | None = None) -> UnitIndex:
    """Group every Kính gửi entry, Nơi nhận entry (Registry.addressees) and task (from
    `bodies`) by canonical unit."""
    units = units or registry()
    known = {u.name: u for u in units.units}
    entries: dict[str, UnitEntries] = defaultdict(UnitEntries)
    unmatched, unassigned, all_tasks, links = [], [], [], {}
    for d in dispatches:
        sent = units.addressees(d)
        unmatched += [(entry, where, d) for entry, where in sent.unmatched]
        links.update((entry, unit.slug) for entry, unit in sent.links)
        for unit in sent.recipients:
            entries[unit.name].addressed[d.id] = d
        for unit, purpose in sent.distribution.items():
            entries[unit.name].informed[d.id] = d
            entries[unit.name].purposes[d.id] = purpose
        for task in bodies(d).tasks:
            all_tasks.append((d, task))
            unassigned += [] if task.assignees else [(d, task)]
            for name in task.assignees:
                if name in known:
                    entries[name].tasks.append((d, task))
    as_of = max((d.date for d in dispatches if d.date), default="")
    return UnitIndex(known, dict(entries), unmatched, unassigned, all_tasks, dict(sorted(links.items())), as_of)


def _unit_slug(index: UnitIndex, name: str) -> str:
    return index.units[name].slug


def unit_total(slug: str, tasks: int) -> str:
    """The mark on every page of a unit's lists that gives tasks.js the unit's task count, so
    a page of a board cut by year or month can say how many of all of them are ticked."""
    return finished_html(f'<span class="unit-tasks" data-unit="{html.escape(slug, quote=True)}" '
                         f'data-total="{tasks}" hidden></span>') + "\n"


def _unit_tasks(page: str, slug: str, tasks: list[tuple[DispatchMeta, Task]], as_of: str) -> str:
    """A unit page's tasks: the unit's board, a checklist by deadline, with its calendar."""
    calendar = relative(page, f"{TASKS_DIR}/{slug}.ics")
    return (f"{len(tasks)} nhiệm vụ. Lịch hạn và việc định kỳ (iCalendar): [{slug}.ics]({calendar}). "
            "Đánh dấu được lưu trong trình duyệt này.\n\n" + task_board(page, tasks, as_of, slug))


def unit_pages(index: UnitIndex) -> Iterator[tuple[str, str]]:
    """One page per unit (by year when large, see browse.group_pages), the index of units
    with counts, and the unmatched entries."""
    rows = ["| Đơn vị | Kính gửi | Nơi nhận | Nhiệm vụ |", "|---|---|---|---|"]
    for name in sorted(index.entries, key=vi_key):
        e, slug = index.entries[name], _unit_slug(index, name)
        rows.append(f"| [{cell(name)}]({slug}.md) | {len(e.addressed)} | {len(e.informed)} | {len(e.tasks)} |")
        listings = [
            Listing("Văn bản gửi đến (Kính gửi)", "Kính gửi", list(e.addressed.values()), dispatch_table),
            Listing("Văn bản nhận để biết (Nơi nhận)", "Nơi nhận", list(e.informed.values()),
                    lambda page, ds, purposes=e.purposes: dispatch_table(page, ds, purposes)),
            Listing("Nhiệm vụ", "Nhiệm vụ", e.tasks,
                    lambda page, tasks, slug=slug: _unit_tasks(page, slug, tasks, index.as_of)),
        ]
        received = list(e.addressed.values()) + list(e.informed.values())
        yield f"{UNITS_DIR}/{slug}.xml", unit_feed(name, f"{UNITS_DIR}/{slug}.md", received)
        intro = f"Văn bản mới gửi đơn vị (Atom, cho cổng thông tin và trình đọc tin): [{slug}.xml]({slug}.xml).\n"
        intro += ("\n" + unit_total(slug, len(e.tasks))) if e.tasks else ""
        yield from group_pages(UNITS_DIR, slug, cell(name), listings, intro)
    intro = f"Tên không khớp đơn vị nào: [danh sách cho người quản trị]({posixpath.basename(UNMATCHED_PAGE)}).\n"
    yield f"{UNITS_DIR}/index.md", "# Đơn vị\n\n" + intro + "\n" + "\n".join(rows) + "\n"
    yield UNMATCHED_PAGE, unmatched_page(index)


def unmatched_page(index: UnitIndex) -> str:
    """Entries that match no registered unit, for a maintainer to add to site_config/units.yml:
    one row per entry as written and where, with its count and its newest dispatches."""
    lines = ["# Tên đơn vị chưa khớp\n",
             "Các tên dưới đây chưa khớp đơn vị nào trong `site_config/units.yml`; "
             "thêm chúng làm tên khác (alias) của một đơn vị.\n"]
    if not index.unmatched:
        return "\n".join(lines + ["Không có.\n"])
    found: dict[tuple[str, str], list[DispatchMeta]] = defaultdict(list)
    for name, where, d in index.unmatched:
        found[name, where].append(d)
    lines += ["| Tên như trong văn bản | Ở mục | Số lần | Văn bản (mới nhất) |", "|---|---|---|---|"]
    for (name, where), ds in sorted(found.items(), key=lambda item: (vi_key(item[0][0]), item[0][1])):
        shown = ", ".join(dispatch_link(UNMATCHED_PAGE, d) for d in newest_first(ds)[:UNMATCHED_EXAMPLES])
        lines.append(f"| {cell(name)} | {where} | {len(ds)} | {shown}{', …' if len(ds) > UNMATCHED_EXAMPLES else ''} |")
    return "\n".join(lines) + "\n"


def moved_board(name: str, slug: str) -> str:
    """What is left at a unit's old board address: a link to the unit's page, which is its board."""
    return (f"# Nhiệm vụ: {cell(name)}\n\nBảng nhiệm vụ của đơn vị nay ở trang đơn vị: "
            f"[{cell(name)}]({relative(f'{TASKS_DIR}/{slug}.md', f'{UNITS_DIR}/{slug}.md')}#nhiem-vu).\n")


def task_boards(index: UnitIndex) -> Iterator[tuple[str, str]]:
    """The tasks index: per unit its count and a link to its page (a unit's page is its board),
    and the old board address kept as a link; the board of tasks of no unit."""
    rows = ["| Đơn vị | Nhiệm vụ | Có hạn |", "|---|---|---|"]
    for name in sorted(index.entries, key=vi_key):
        slug, tasks = _unit_slug(index, name), index.entries[name].tasks
        if not tasks:
            continue
        page = relative(f"{TASKS_DIR}/index.md", f"{UNITS_DIR}/{slug}.md")
        rows.append(f"| [{cell(name)}]({page}#nhiem-vu) | {len(tasks)} | {sum(1 for _, t in tasks if t.deadline)} |")
        yield f"{TASKS_DIR}/{slug}.md", moved_board(name, slug)
    if index.unassigned:
        tasks = index.unassigned
        rows.append(f"| [*{NO_UNIT}*]({UNASSIGNED_SLUG}.md) | {len(tasks)} | {sum(1 for _, t in tasks if t.deadline)} |")
        listing = Listing("", "Nhiệm vụ", tasks, lambda page, rows: task_board(page, rows, index.as_of))
        yield from group_pages(TASKS_DIR, UNASSIGNED_SLUG, f"Nhiệm vụ: {NO_UNIT}", [listing],
                               "Đánh dấu được lưu trong trình duyệt này.\n")
    lines = ["# Nhiệm vụ\n", "Nhiệm vụ của mỗi đơn vị ở trang của đơn vị đó, xếp theo hạn.\n",
             f"Tất cả nhiệm vụ dạng bảng tính: [tasks.csv](../{TASKS_CSV}).\n", *rows]
    yield f"{TASKS_DIR}/index.md", "\n".join(lines) + "\n"


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def tasks_csv(tasks: list[tuple[DispatchMeta, Task]]) -> Iterator[bytes]:
    """Every task, one row per assignee, UTF-8 with BOM so spreadsheet programs read Vietnamese;
    in chunks of about CSV_CHUNK characters, as at 100,000 dispatches the file is 400 MB."""
    out = io.StringIO("\ufeff")
    out.seek(0, io.SEEK_END)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d, t in sorted(tasks, key=lambda pair: (pair[0].date, pair[0].symbol)):  # stable: a dispatch's tasks in order
        link = d.url + (f"#{t.anchor}" if t.anchor else "")
        for unit in t.assignees or ("",):
            row = (d.symbol or d.source, d.date, unit, t.text, t.deadline, t.recurrence, link)
            writer.writerow(spreadsheet_cell(cell) for cell in row)
        if out.tell() >= CSV_CHUNK:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def cited_page(links: Links) -> str:
    """Documents cited but not in the archive, by type and symbol, with who cites them."""
    lines = ["# Văn bản dẫn chiếu chưa có trong kho\n",
             "Các văn bản được dẫn chiếu nhưng kho chưa lưu, theo loại và số, ký hiệu.\n"]
    by_type: dict[str, list] = defaultdict(list)
    for (doc_type, symbol, date), citing in links.missing.items():
        by_type[doc_type].append((symbol, date, citing))
    for doc_type in sorted(by_type, key=lambda t: (t == "", t)):
        lines += [f"## {cell(doc_type or 'Không rõ loại')}\n", "| Số, ký hiệu | Ngày | Được dẫn chiếu bởi |", "|---|---|---|"]
        for symbol, date, citing in sorted(by_type[doc_type]):
            cited = ", ".join(dispatch_link(CITED_PAGE, d) for d in citing)
            lines.append(f"| {cell(symbol)} | {dmy_date(date)} | {cited} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def task_counts(index: UnitIndex) -> Counter:
    """Tasks per unit, by short name, for the home-page chart."""
    return Counter({index.units[n].short or n: len(e.tasks) for n, e in index.entries.items() if e.tasks})


def calendar_files(index: UnitIndex, events_dir: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """The iCalendar file of each unit with tasks (calendar.unit_calendars), beside its old board address."""
    units = [(name, _unit_slug(index, name)) for name in sorted(index.entries, key=vi_key) if index.entries[name].tasks]
    for slug, data in unit_calendars(units, index.tasks, events_dir):
        yield f"{TASKS_DIR}/{slug}.ics", data


def index_pages(
    dispatches: list[DispatchMeta], links: Links, index: UnitIndex, events_dir: Path | None = None,
) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """Every page of this module and browse.browse_pages, encoded, with its path relative to
    the docs root: made one at a time, as at 100,000 dispatches they are hundreds of megabytes;
    tasks.csv last, in chunks (tasks_csv). `events_dir`: where calendar events are kept
    between builds (the parse cache's entries), None for none."""
    pages = chain(unit_pages(index), task_boards(index), calendar_files(index, events_dir),
                  [(CITED_PAGE, cited_page(links))], browse_pages(dispatches))
    for path, text in pages:
        yield path, text if isinstance(text, bytes) else text.encode("utf-8")
    yield TASKS_CSV, tasks_csv(index.tasks)

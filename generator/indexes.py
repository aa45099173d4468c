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

from .browse import browse_pages, cell, dispatch_link, dispatch_table, relative
from .catalog import markdown_path
from .links import Links
from .model import Dispatch, Task
from .references import dmy_date
from .units import Registry, Unit, registry

UNITS_DIR = "don-vi"
TASKS_DIR = "nhiem-vu"
CITED_PAGE = "van-ban-dan-chieu/index.md"
UNMATCHED_PAGE = f"{UNITS_DIR}/chua-khop.md"
TASKS_CSV = "tasks.csv"
CSV_COLUMNS = ("dispatch", "date", "unit", "task", "deadline", "recurrence", "link")
PERIOD_NAMES = {"daily": "hằng ngày", "weekly": "hằng tuần", "monthly": "hằng tháng",
                "quarterly": "hằng quý", "yearly": "hằng năm"}
NO_UNIT = "Chưa xác định đơn vị"
SUMMARY_CHARS = 200


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def recurrence_text(recurrence: str) -> str:
    """"daily 16:00" → "hằng ngày, trước 16:00"."""
    period, _, clock = recurrence.partition(" ")
    name = PERIOD_NAMES.get(period, period)
    return f"{name}, trước {clock}" if clock else name


def _task_key(d: Dispatch, task: Task) -> str:
    """The localStorage key of a tick: the dispatch page and the task id."""
    return html.escape(f"{d.url}#{task.id}", quote=True)


def _task_line(from_page: str, d: Dispatch, task: Task, show_assignees: bool) -> str:
    parts = []
    if show_assignees:
        parts.append("**" + cell(", ".join(task.assignees) or NO_UNIT) + "**:")
    parts.append(cell(_summary(task.text)))
    facts = [dispatch_link(from_page, d, task.anchor)] if from_page != markdown_path(d) else (
        [f"[xem mục](#{task.anchor})"] if task.anchor else []
    )
    if task.deadline:
        facts.append(f"hạn {dmy_date(task.deadline)}")
    if task.recurrence:
        facts.append(cell(recurrence_text(task.recurrence)))
    key = f'<span class="task-key" data-task="{_task_key(d, task)}"></span>'
    return f"- [ ] {key}" + " ".join(parts) + (" — " + " · ".join(facts) if facts else "")


def task_section(d: Dispatch) -> str:
    """The "Nhiệm vụ" checklist of a dispatch page ("" when it has no task)."""
    if not d.tasks:
        return ""
    page = markdown_path(d)
    lines = ["## Nhiệm vụ\n", "Đánh dấu được lưu trong trình duyệt này; kho lưu trữ không thay đổi.\n"]
    lines += [_task_line(page, d, t, show_assignees=True) for t in d.tasks]
    return "\n".join(lines) + "\n"


def cited_by_section(d: Dispatch, citing: list[Dispatch]) -> str:
    """The "Được dẫn chiếu bởi" section of a dispatch page ("" when nothing cites it)."""
    if not citing:
        return ""
    return "## Được dẫn chiếu bởi\n\n" + dispatch_table(markdown_path(d), citing)


@dataclass
class UnitEntries:
    """What the archive holds for one unit."""

    addressed: dict[str, Dispatch] = field(default_factory=dict)
    informed: dict[str, Dispatch] = field(default_factory=dict)
    purposes: dict[str, str] = field(default_factory=dict)
    tasks: list[tuple[Dispatch, Task]] = field(default_factory=list)


@dataclass
class UnitIndex:
    """Dispatches, copies and tasks by canonical unit name, and the entries that matched none."""

    units: dict[str, Unit]
    entries: dict[str, UnitEntries]
    unmatched: list[tuple[str, str, Dispatch]]
    """(entry as written, where: "Kính gửi"/"Nơi nhận", dispatch)."""
    unassigned: list[tuple[Dispatch, Task]]


def unit_index(dispatches: list[Dispatch], units: Registry | None = None) -> UnitIndex:
    """Group every Kính gửi entry, Nơi nhận entry and task by canonical unit."""
    units = units or registry()
    known = {u.name: u for u in units.units}
    entries: dict[str, UnitEntries] = defaultdict(UnitEntries)
    unmatched, unassigned = [], []
    for d in dispatches:
        for name in d.recipients:
            matched = units.match(name)
            unmatched += [] if matched else [(name, "Kính gửi", d)]
            for unit in matched:
                entries[unit.name].addressed[d.id] = d
        for addressee in d.distribution:
            matched = units.match(addressee.name)
            if not matched and units.is_unit_entry(addressee.name):
                unmatched.append((addressee.name, "Nơi nhận", d))
            for unit in matched:
                if d.id not in entries[unit.name].addressed:
                    entries[unit.name].informed[d.id] = d
                    entries[unit.name].purposes[d.id] = addressee.purpose
        for task in d.tasks:
            unassigned += [] if task.assignees else [(d, task)]
            for name in task.assignees:
                if name in known:
                    entries[name].tasks.append((d, task))
    return UnitIndex(known, dict(entries), unmatched, unassigned)


def _unit_slug(index: UnitIndex, name: str) -> str:
    return index.units[name].slug


def _by_deadline(tasks: list[tuple[Dispatch, Task]]) -> list[tuple[Dispatch, Task]]:
    undated = [(d, t) for d, t in tasks if not t.deadline]
    dated = sorted(((d, t) for d, t in tasks if t.deadline), key=lambda p: p[1].deadline)
    return dated + sorted(undated, key=lambda p: p[0].date, reverse=True)


def unit_pages(index: UnitIndex) -> Iterator[tuple[str, str]]:
    """One page per unit, the index of units with counts, and the unmatched entries."""
    rows = ["| Đơn vị | Kính gửi | Nơi nhận | Nhiệm vụ |", "|---|---|---|---|"]
    for name in sorted(index.entries):
        e, slug = index.entries[name], _unit_slug(index, name)
        page = f"{UNITS_DIR}/{slug}.md"
        rows.append(f"| [{cell(name)}]({slug}.md) | {len(e.addressed)} | {len(e.informed)} | {len(e.tasks)} |")
        text = [f"# {cell(name)}\n"]
        text += ["## Văn bản gửi đến (Kính gửi)\n", dispatch_table(page, e.addressed.values())
                 if e.addressed else "Không có.\n"]
        text += ["## Văn bản nhận để biết (Nơi nhận)\n", dispatch_table(page, e.informed.values(), e.purposes)
                 if e.informed else "Không có.\n"]
        text += ["## Nhiệm vụ\n"]
        if e.tasks:
            board = f"{TASKS_DIR}/{slug}.md"
            text += [f"{len(e.tasks)} nhiệm vụ — [bảng nhiệm vụ]({relative(page, board)}).\n"]
            text += [_task_line(page, d, t, show_assignees=False) for d, t in _by_deadline(e.tasks)]
        else:
            text += ["Không có.\n"]
        yield page, "\n".join(text) + "\n"
    intro = f"Tên không khớp đơn vị nào: [danh sách cho người quản trị]({posixpath.basename(UNMATCHED_PAGE)}).\n"
    yield f"{UNITS_DIR}/index.md", "# Đơn vị\n\n" + intro + "\n" + "\n".join(rows) + "\n"
    yield UNMATCHED_PAGE, unmatched_page(index)


def unmatched_page(index: UnitIndex) -> str:
    """Entries that match no registered unit, for a maintainer to add to site_config/units.yml."""
    lines = ["# Tên đơn vị chưa khớp\n",
             "Các tên dưới đây chưa khớp đơn vị nào trong `site_config/units.yml`; "
             "thêm chúng làm tên khác (alias) của một đơn vị.\n"]
    if not index.unmatched:
        return "\n".join(lines + ["Không có.\n"])
    lines += ["| Tên như trong văn bản | Ở mục | Văn bản |", "|---|---|---|"]
    for name, where, d in sorted(index.unmatched, key=lambda e: (e[0], e[1], e[2].id)):
        lines.append(f"| {cell(name)} | {where} | {dispatch_link(UNMATCHED_PAGE, d)} |")
    return "\n".join(lines) + "\n"


def task_boards(index: UnitIndex) -> Iterator[tuple[str, str]]:
    """A checklist page per unit and the index of boards."""
    rows = ["| Đơn vị | Nhiệm vụ | Có hạn |", "|---|---|---|"]
    for name in sorted(index.entries):
        tasks = index.entries[name].tasks
        if not tasks:
            continue
        slug = _unit_slug(index, name)
        page = f"{TASKS_DIR}/{slug}.md"
        rows.append(f"| [{cell(name)}]({slug}.md) | {len(tasks)} | {sum(1 for _, t in tasks if t.deadline)} |")
        lines = [f"# Nhiệm vụ: {cell(name)}\n",
                 f"Trang đơn vị: [{cell(name)}]({relative(page, f'{UNITS_DIR}/{slug}.md')}). "
                 "Đánh dấu được lưu trong trình duyệt này.\n"]
        lines += [_task_line(page, d, t, show_assignees=False) for d, t in _by_deadline(tasks)]
        yield page, "\n".join(lines) + "\n"
    lines = ["# Nhiệm vụ\n", f"Tất cả nhiệm vụ dạng bảng tính: [tasks.csv](../{TASKS_CSV}).\n", *rows, ""]
    if index.unassigned:
        lines += [f"## {NO_UNIT}\n"]
        lines += [_task_line(f"{TASKS_DIR}/index.md", d, t, show_assignees=False) for d, t in index.unassigned]
    yield f"{TASKS_DIR}/index.md", "\n".join(lines) + "\n"


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def tasks_csv(dispatches: list[Dispatch]) -> bytes:
    """Every task, one row per assignee, UTF-8 with BOM so spreadsheet programs read Vietnamese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in sorted(dispatches, key=lambda d: (d.date, d.symbol)):
        for t in d.tasks:
            link = d.url + (f"#{t.anchor}" if t.anchor else "")
            for unit in t.assignees or ("",):
                row = (d.symbol or d.source, d.date, unit, t.text, t.deadline, t.recurrence, link)
                writer.writerow(spreadsheet_cell(cell) for cell in row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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


def index_pages(dispatches: list[Dispatch], links: Links, index: UnitIndex) -> Iterator[tuple[str, bytes]]:
    """Every page of this module and browse.browse_pages, encoded, with its path relative to
    the docs root: made one at a time, as at 100,000 dispatches they are hundreds of megabytes."""
    pages = chain(unit_pages(index), task_boards(index), [(CITED_PAGE, cited_page(links))], browse_pages(dispatches))
    for path, text in pages:
        yield path, text.encode("utf-8")
    yield TASKS_CSV, tasks_csv(dispatches)

"""Task checklists as HTML: a dispatch page's "Nhiệm vụ" section (one item per obligation,
one box per unit) and a unit's board (its tasks grouped by due date, each group with its
count). assets/tasks.js keeps the ticks in the reader's browser and adds the board's
filters; without it the lists still read.

Written as HTML, not Markdown: MkDocs' inline pass over thousands of items was most of its
time on these pages. Source text is escaped with browse.html_text.
"""

from __future__ import annotations

import datetime
import html

from generator.language.dates import dmy_date
from generator.language.folding import slugify
from generator.language.units import registry
from generator.model import DispatchMeta, Task
from generator.pages.browse import dispatch_html_link, html_text, shorten
from generator.pages.finished_html import finished_html

PERIOD_NAMES = {"daily": "hằng ngày", "weekly": "hằng tuần", "monthly": "hằng tháng",
                "quarterly": "hằng quý", "yearly": "hằng năm"}
NO_UNIT = "Chưa xác định đơn vị"
SUMMARY_CHARS = 200
"""A task's text on a board is cut to this many characters; the full text is on its dispatch's page."""
OVERDUE = '<span class="overdue">quá hạn</span>'
"""The mark of a task whose deadline passed before the archive's date."""
CHECKBOX = '<label class="task-list-control"><input type="checkbox"/><span class="task-list-indicator"></span></label>'
"""What pymdownx.tasklist writes for "[ ]" with custom_checkbox and clickable_checkbox (mkdocs.yml)."""
WEEK_DAYS = 7
GROUPS = (
    ("qua-han", "Quá hạn", True),
    ("trong-tuan", "Đến hạn trong 7 ngày", True),
    ("sau", "Hạn sau", False),
    ("khong-han", "Không có hạn", False),
)
"""A board's groups by due date, as of the archive's date: (id, heading, urgent). The urgent
groups open with the page; the others too on a board with nothing urgent."""


def recurrence_text(recurrence: str) -> str:
    """"daily 16:00" → "hằng ngày, trước 16:00"; "monthly day 25" → "hằng tháng, trước ngày 25"."""
    period, _, when = recurrence.partition(" ")
    name = PERIOD_NAMES.get(period, period)
    if when.startswith("day "):
        return f"{name}, trước ngày {when.removeprefix('day ')}"
    return f"{name}, trước {when}" if when else name


def _task_key(d: DispatchMeta, task: Task, unit: str = "") -> str:
    """The span that gives tasks.js a tick's localStorage key: the dispatch page, the task id
    and the unit whose tick it is (a joint task is ticked by each of its units alone)."""
    key = f"{d.url}#{task.id}" + (f"@{unit}" if unit else "")
    return f'<span class="task-key" data-task="{html.escape(key, quote=True)}"></span>'


def _task_facts(task: Task) -> list[str]:
    """A task's deadline and recurrence, as shown after its text."""
    facts = [f"hạn {dmy_date(task.deadline)}"] if task.deadline else []
    return facts + ([html_text(recurrence_text(task.recurrence))] if task.recurrence else [])


def unit_key(name: str) -> str:
    """The slug a unit's ticks are kept under: its registry slug, else its name's; "" for
    tasks of no unit (their board keeps the plain task key)."""
    if name == NO_UNIT:
        return ""
    unit = registry().find(name)
    return unit.slug if unit else slugify(name)


def _obligation(d: DispatchMeta, task: Task) -> str:
    """One task on its dispatch's page: its whole text once, a link to its item, its deadline
    and recurrence, then one box per unit it is given to (each unit ticks its own)."""
    facts = ([f'<a href="#{task.anchor}">xem mục</a>'] if task.anchor else []) + _task_facts(task)
    tail = " — " + " · ".join(facts) if facts else ""
    boxes = [f'<li class="task-list-item">{CHECKBOX} {_task_key(d, task, unit_key(name))}'
             f'<strong class="task-unit">{html_text(name)}</strong></li>' for name in task.assignees or (NO_UNIT,)]
    return (f'<li class="task-obligation"><span class="task-text">{html_text(task.text)}</span>{tail}\n'
            '<ul class="task-list">\n' + "\n".join(boxes) + "\n</ul></li>")


def task_section(d: DispatchMeta, tasks: tuple[Task, ...]) -> str:
    """The "Nhiệm vụ" checklist of a dispatch page with these tasks ("" when it has none)."""
    if not tasks:
        return ""
    return ("## Nhiệm vụ\n\nĐánh dấu được lưu trong trình duyệt này; kho lưu trữ không thay đổi.\n\n"
            + finished_html('<ul class="task-obligations">\n' + "\n".join(_obligation(d, t) for t in tasks) + "\n</ul>"))


def due_group(deadline: str, as_of: str) -> str:
    """The id of the GROUPS entry a task with this ISO deadline falls in, as of the ISO date
    `as_of` ("" for no date: nothing is overdue)."""
    if not deadline:
        return "khong-han"
    if as_of and deadline < as_of:
        return "qua-han"
    week_end = (datetime.date.fromisoformat(as_of) + datetime.timedelta(days=WEEK_DAYS)).isoformat() if as_of else ""
    return "trong-tuan" if deadline < week_end else "sau"


def board_item(page: str, d: DispatchMeta, task: Task, as_of: str = "", unit: str = "") -> str:
    """One task of a unit's board: box, key, its text cut to SUMMARY_CHARS, then its dispatch,
    the issue date, deadline, recurrence and the overdue mark; data-due (ISO deadline), data-year
    and data-type (its dispatch's) for the board's filters."""
    issued = [f"ban hành {dmy_date(d.date)}"] if d.date else []
    overdue = [OVERDUE] if due_group(task.deadline, as_of) == "qua-han" else []
    facts = [dispatch_html_link(page, d, task.anchor), *issued, *_task_facts(task), *overdue]
    text = html_text(shorten(task.text, SUMMARY_CHARS))
    data = " ".join(f'data-{name}="{html.escape(value, quote=True)}"'
                    for name, value in (("due", task.deadline), ("year", d.date[:4]), ("type", d.doc_type)))
    return (f'<li class="task-list-item" {data}>{CHECKBOX} {_task_key(d, task, unit)}'
            f'<span class="task-text">{text}</span> — {" · ".join(facts)}</li>')


def _by_deadline(tasks: list[tuple[DispatchMeta, Task]]) -> list[tuple[DispatchMeta, Task]]:
    undated = [(d, t) for d, t in tasks if not t.deadline]
    dated = sorted(((d, t) for d, t in tasks if t.deadline), key=lambda p: p[1].deadline)
    return dated + sorted(undated, key=lambda p: p[0].date, reverse=True)


def task_board(page: str, tasks: list[tuple[DispatchMeta, Task]], as_of: str = "", unit: str = "") -> str:
    """A unit's tasks by deadline in the GROUPS by due date as of `as_of`, each a <details>
    with its count, open when urgent or when nothing is (empty groups are left out)."""
    groups: dict[str, list[str]] = {gid: [] for gid, _, _ in GROUPS}
    for d, t in _by_deadline(tasks):
        groups[due_group(t.deadline, as_of)].append(board_item(page, d, t, as_of, unit))
    calm = not any(groups[gid] for gid, _, urgent in GROUPS if urgent)
    parts = [f'<div class="task-board" data-as-of="{html.escape(as_of, quote=True)}">']
    for gid, heading, urgent in GROUPS:
        if groups[gid]:
            parts += [f'<details class="task-group" data-group="{gid}"{" open" if urgent or calm else ""}>',
                      f'<summary>{heading} (<span class="task-group-count">{len(groups[gid])}</span>)</summary>',
                      '<ul class="task-list">', *groups[gid], "</ul>", "</details>"]
    return finished_html("\n".join(parts + ["</div>"]))

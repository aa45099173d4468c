"""Tasks stage: the directives of a dispatch as `Task` records, from its body blocks.

A task is a numbered item, or a lettered sub-item when its item has some ("2. Trung tâm
Công nghệ thông tin:" with a) and b) gives two tasks); under an item that only names a unit
("3. Vụ Pháp chế:") each paragraph and "-" bullet is a task (a bullet after a line ending
in ":" keeps that line before it). Items that
are mere titles ("1. Mục đích", "2. Yêu cầu:") are not tasks. A paragraph is a task
when it states a deadline or a recurrence; when it refers back ("các nội dung trên")
its deadline goes to the tasks above instead.

One task is one obligation, with one checkbox: a sentence or ";"-clause of a task that sets a
deadline or recurrence of its own ("… chỉ tiêu năm 2021. Hằng ngày, báo cáo … trước 16 giờ
hằng ngày") is a task of its own, opening with a capital as a directive does; clauses that
set none stay with the one before them, and an opening part that sets none is due when the
deadline after it falls.

Assignees, first that applies: the unit the item's heading names (sub-items inherit
it); the units its sentence asks to act; those the introduction asks ("… yêu cầu Giám
đốc BHXH các tỉnh … thực hiện một số nội dung sau:", within its section); the
dispatch's recipients.
"""

from __future__ import annotations

import dataclasses
import re

from generator.language.dates import iso_date
from generator.language.units import Registry, registry
from generator.model import Block, Dispatch, Task
from generator.tables import load_table, per_project

DATE = (
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
)
TIME = r"(?P<hour>\d{1,2})\s*(?:giờ|h)(?:\s*(?P<minute>\d{1,2})(?:\s*phút)?)?"
DEADLINE = re.compile(
    rf"(?:trước|chậm nhất(?:\s+là)?|không muộn hơn|hạn chót(?:\s+là)?)\s+(?:{TIME}\s+)?(?:ngày\s+)(?:{DATE})",
    re.IGNORECASE,
)
FREQUENCY = r"(?:hằng|hàng)\s+(?P<period>ngày|tuần|tháng|quý|năm)"
RECURRENCE_AFTER_TIME = re.compile(rf"{TIME}\s+{FREQUENCY}", re.IGNORECASE)
RECURRENCE_LEADING = re.compile(rf"^\W*{FREQUENCY}\b", re.IGNORECASE)
PERIODIC = re.compile(rf"định\s+kỳ\s+{FREQUENCY}", re.IGNORECASE)
REPEATED_ACT = re.compile(rf"(?:báo\s+cáo|tổng\s+hợp|cập\s+nhật|gửi|kiểm\s+tra|rà\s+soát|đối\s+chiếu)"
                          rf"(?:\s+\S+){{0,6}}?\s+{FREQUENCY}", re.IGNORECASE)
"""An act the task repeats, and its period within a few words: "báo cáo kết quả hằng tháng"."""
DAY_OF_PERIOD = re.compile(rf"(?:trước|vào|chậm nhất)\s+(?:ngày\s+)(?P<day>\d{{1,2}})\s+{FREQUENCY}", re.IGNORECASE)
"""A day in each period: "trước ngày 25 hằng tháng"."""
TIME_BEFORE = re.compile(rf"trước\s+{TIME}", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
BACK_REFERENCE = re.compile(r"\b(?:nội dung|nhiệm vụ|công việc|yêu cầu)\s+(?:nêu\s+)?trên\b", re.IGNORECASE)
HEADING_LABEL = re.compile(r"^(?P<label>[^:]{3,120}):\s*(?P<rest>.*)$", re.S)
PERIODS = {"ngày": "daily", "tuần": "weekly", "tháng": "monthly", "quý": "quarterly", "năm": "yearly"}
TITLE_MAX_WORDS = 6
"""An item of at most this many words and no sentence punctuation is a title ("Mục đích")."""


@per_project()
def owner_heads() -> frozenset[str]:
    """Words that open a heading naming the unit that owns the tasks below (site_config/units.yml)."""
    return frozenset(load_table("units")["owner_heads"])


def deadline(text: str, default_year: str = "") -> str:
    """The ISO date of the first "trước ngày 31/10/2020"-style deadline, else ""."""
    for m in DEADLINE.finditer(text):
        day, month = m["d"] or m["d2"], m["m"] or m["m2"]
        date = iso_date(day, month, m["y"] or m["y2"] or default_year)
        if date:
            return date
    return ""


def _clock(m: re.Match) -> str:
    return f"{int(m['hour']):02d}:{int(m['minute'] or 0):02d}"


def recurrence(text: str) -> str:
    """How often a task recurs, from its first sentence that says so: "trước 16 giờ hằng ngày"
    → "daily 16:00"; "trước ngày 25 hằng tháng" → "monthly day 25"; "định kỳ hằng quý",
    "Hằng tuần, báo cáo…", "báo cáo … hằng năm" → "quarterly", "weekly", "yearly"; else "".
    A period that only qualifies a thing ("trợ cấp hằng tháng": a monthly allowance) is none."""
    for sentence in SENTENCE_END.split(text):
        after_time = RECURRENCE_AFTER_TIME.search(sentence)
        if after_time:
            return f"{PERIODS[after_time['period'].lower()]} {_clock(after_time)}"
        day_of = DAY_OF_PERIOD.search(sentence)
        if day_of:
            return f"{PERIODS[day_of['period'].lower()]} day {int(day_of['day'])}"
        period = RECURRENCE_LEADING.search(sentence) or PERIODIC.search(sentence) or REPEATED_ACT.search(sentence)
        if period:
            time = TIME_BEFORE.search(sentence)
            name = PERIODS[period["period"].lower()]
            return f"{name} {_clock(time)}" if time else name
    return ""


def _is_title(text: str) -> bool:
    """A heading, not a directive: a few words without punctuation ("Mục đích"), or a
    label with nothing after its colon ("Vụ Mới:", a unit the registry does not hold)."""
    if len(text.split()) <= TITLE_MAX_WORDS and not re.search(r"[.;:,]", text):
        return True
    label = HEADING_LABEL.match(text)
    return bool(label) and not label["rest"]


def _heading_unit(text: str, units: Registry) -> tuple[str, str]:
    """("Trung tâm Truyền thông", rest) when the item opens with a unit and a colon, else ("", text).
    A label the registry does not hold names an owner all the same when it reads as a body
    ("5. Bộ Nội vụ:", "Chủ tịch Ủy ban nhân dân các tỉnh:"): it opens with a word bodies and
    their heads open with (`owner_heads` in units.yml) and holds no sentence."""
    m = HEADING_LABEL.match(text)
    if m:
        unit = units.find(m["label"])
        if unit:
            return unit.name, m["rest"].strip()
        label = " ".join(m["label"].split())
        if label.split()[0] in owner_heads() and len(label.split()) <= 16 and not re.search(r"[.;]", label):
            return label, m["rest"].strip()
    return "", text


def obligations(text: str) -> list[str]:
    """`text` cut into its obligations: before each sentence or ";"-clause that states a
    deadline or recurrence, unless nothing precedes it (see the module docstring)."""
    parts, start = [], 0
    for end in SENTENCE_END.finditer(text):
        clause = text[end.end():next((m.start() for m in SENTENCE_END.finditer(text, end.end())), len(text))]
        if DEADLINE.search(clause) or recurrence(clause):
            parts.append(text[start:end.start()])
            start = end.end()
    parts.append(text[start:])
    return parts[:1] + [_as_opening(part) for part in parts[1:]]


def _as_opening(clause: str) -> str:
    """A ";"-clause cut off as an obligation of its own opens with a capital, as a directive
    does: "báo cáo kết quả trước ngày 15/4" → "Báo cáo kết quả trước ngày 15/4"."""
    return clause[:1].upper() + clause[1:]


@dataclasses.dataclass
class _Draft:
    text: str
    assignees: tuple[str, ...]
    anchor: str
    deadline: str = ""
    recurrence: str = ""


class _Extractor:
    """One walk over a dispatch's blocks."""

    def __init__(self, d: Dispatch, units: Registry):
        self.d, self.units = d, units
        self.drafts: list[_Draft] = []
        self.lead: tuple[str, ...] = ()
        self.recipients = units.entry_names(d.recipients)

    def asked(self, text: str) -> tuple[str, ...]:
        return tuple(u.name for u in self.units.assignees(text))

    def add(self, text: str, assignees: tuple[str, ...], anchor: str) -> None:
        """One task per obligation of `text`, all given to `assignees` (else the lead's units,
        else the recipients) and linked to `anchor`."""
        assignees = assignees or self.lead or self.recipients
        parts = [(part, deadline(part, self.d.year), recurrence(part)) for part in obligations(text)]
        for n, (part, due, repeat) in enumerate(parts):
            if n == 0 and len(parts) > 1 and not (due or repeat):
                due = parts[1][1]  # "Rà soát …; báo cáo kết quả trước ngày 30/11": the work is due by then too
            self.drafts.append(_Draft(part, assignees, anchor, due, repeat))

    def paragraph(self, block: Block) -> None:
        due, repeat = deadline(block.text, self.d.year), recurrence(block.text)
        if not (due or repeat):
            return
        if BACK_REFERENCE.search(block.text) and self.drafts:
            for draft in self.drafts:
                draft.deadline = draft.deadline or due
                draft.recurrence = draft.recurrence or repeat
        else:
            self.add(block.text, self.asked(block.text), block.anchor)

    def item(self, blocks: tuple[Block, ...], i: int) -> set[int]:
        """Tasks of the item at blocks[i]; returns the indexes of the blocks it used up."""
        block = blocks[i]
        end = i + 1
        while end < len(blocks) and blocks[end].kind != "heading" and not (
            blocks[end].kind == "item" and blocks[end].level <= block.level
        ):
            end += 1
        children = [j for j in range(i + 1, end) if blocks[j].kind == "item"]
        unit, rest = _heading_unit(block.text, self.units)
        owner = (unit,) if unit else self.asked(rest)
        if children:
            for j in children:
                child = blocks[j]
                self.add(child.text, owner if unit else self.asked(child.text) or owner, child.anchor)
            return set(children)
        if unit and not rest:
            body = [j for j in range(i + 1, end) if blocks[j].kind in ("paragraph", "bullet")]
            intro = ""
            for j in body:
                text = blocks[j].text
                if text.endswith(":") and j + 1 < end and blocks[j + 1].kind == "bullet":
                    intro = text + " "
                    continue
                self.add(intro + text if blocks[j].kind == "bullet" else text, owner, block.anchor)
                intro = intro if blocks[j].kind == "bullet" else ""
            return set(body)
        if not _is_title(rest):
            self.add(rest, owner, block.anchor)
        return set()

    def run(self) -> tuple[Task, ...]:
        blocks, used = self.d.blocks, set()
        for i, block in enumerate(blocks):
            if i in used:
                continue
            if block.kind == "heading":
                self.lead = ()
            elif block.kind == "item":
                used |= self.item(blocks, i)
            elif block.kind == "paragraph":
                if i + 1 < len(blocks) and blocks[i + 1].kind == "item":
                    self.lead = self.asked(block.text) or self.lead
                self.paragraph(block)
        return tuple(
            Task(id=task_id, text=draft.text, assignees=draft.assignees,
                 deadline=draft.deadline, recurrence=draft.recurrence, anchor=draft.anchor)
            for task_id, draft in zip(task_ids(self.drafts), self.drafts)
        )


def task_ids(drafts: list[_Draft]) -> list[str]:
    """Each task's id, unique on its page: its item's anchor ("muc-2"), then "muc-2-nv2",
    "muc-2-nv3" for the item's further obligations; "nhiem-vu-<n>" for a task of no item.
    The first keeps the anchor alone, so a tick kept under it stays on the same task."""
    seen: dict[str, int] = {}
    ids = []
    for n, draft in enumerate(drafts, 1):
        seen[draft.anchor] = seen.get(draft.anchor, 0) + 1
        if not draft.anchor:
            ids.append(f"nhiem-vu-{n}")
        else:
            ids.append(draft.anchor + (f"-nv{seen[draft.anchor]}" if seen[draft.anchor] > 1 else ""))
    return ids


def extract_tasks(d: Dispatch, units: Registry | None = None) -> tuple[Task, ...]:
    """The tasks of one dispatch, in body order."""
    return _Extractor(d, units or registry()).run()


def with_tasks(d: Dispatch) -> Dispatch:
    """The dispatch with its `tasks` filled in."""
    return dataclasses.replace(d, tasks=extract_tasks(d))

"""Deadlines as calendars: one iCalendar file (RFC 5545, written with the icalendar library)
per unit's task board, so staff can add or subscribe to their unit's deadlines.

Each task with a deadline is an all-day event on that day; a task that recurs ("hằng tháng",
"trước ngày 25 hằng tháng", "trước 16 giờ hằng ngày") is a recurring event from its dispatch's
date (RRULE). The event's UID is the task's key (its dispatch page and item), so a calendar
that subscribes updates the same events from build to build; its timestamps are the
dispatch's date, so two builds of the same files give the same bytes.

A joint task is one event on each of its units' calendars: each event is serialised once
(`event_ical`) and a calendar is its header and footer around its events' bytes, the same
bytes as Calendar.to_ical of the whole (a test compares). At 1,000 generated dispatches the
calendars were 2 s of a build, most of it icalendar's line folding repeated per unit.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from icalendar import Calendar, Event

from generator.model import DispatchMeta, Task
from generator.pages.browse import shorten

RRULES = {"daily": {"freq": "daily"}, "weekly": {"freq": "weekly"}, "monthly": {"freq": "monthly"},
          "quarterly": {"freq": "monthly", "interval": 3}, "yearly": {"freq": "yearly"}}
"""A task's recurrence period (reading/tasks.py) → the RRULE of its event."""

SUMMARY_CHARS = 80
"""An event's title holds the task's first words, as a calendar's day cell shows them."""


def unit_calendar(name: str, tasks: list[tuple[DispatchMeta, Task]]) -> bytes:
    """The iCalendar file of one unit's tasks that have a deadline or recur (no events: an
    empty calendar, still valid)."""
    head, end = empty_calendar(name).to_ical().split(b"END:VCALENDAR\r\n")
    return head + b"".join(event_ical(d, task) for d, task in tasks) + b"END:VCALENDAR\r\n" + end


def empty_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Kho công văn BHXH Việt Nam//dispatch-archive//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Nhiệm vụ: {name}")
    return cal


@lru_cache(maxsize=1 << 14)
def event_ical(d: DispatchMeta, task: Task) -> bytes:
    """The VEVENT lines of one task (b"" when it has no event), made once per build for all
    the units it is given to."""
    event = _event(d, task)
    return event.to_ical() if event is not None else b""


def _event(d: DispatchMeta, task: Task) -> Event | None:
    """The event of one task, or None when it has neither deadline nor recurrence."""
    period, _, when = task.recurrence.partition(" ")
    if not task.deadline and period not in RRULES or not (task.deadline or d.date):
        return None
    start = datetime.date.fromisoformat(task.deadline or d.date)
    event = Event()
    event.add("uid", f"{d.url}#{task.id}@kho-cong-van")
    issued = datetime.date.fromisoformat(d.date) if d.date else start
    event.add("dtstamp", datetime.datetime.combine(issued, datetime.time(), tzinfo=datetime.timezone.utc))
    event.add("dtstart", start)
    event.add("summary", f"{d.symbol or d.source}: {shorten(task.text, SUMMARY_CHARS)}")
    event.add("description", f"{task.text}\n\nVăn bản: {d.title}\nTrang: {d.url}#{task.anchor or task.id}")
    if period in RRULES:
        rule = dict(RRULES[period])
        if when.startswith("day ") and period == "monthly":
            rule["bymonthday"] = int(when.removeprefix("day "))
        event.add("rrule", rule)
    return event

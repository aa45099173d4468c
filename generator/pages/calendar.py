"""Deadlines as calendars: one iCalendar file (RFC 5545, written with the icalendar library)
per unit's task board, so staff can add or subscribe to their unit's deadlines.

Each task with a deadline is an all-day event on that day; a task that recurs ("hằng tháng",
"trước ngày 25 hằng tháng", "trước 16 giờ hằng ngày") is a recurring event from its dispatch's
date (RRULE). The event's UID is the task's key (its dispatch page and item), so a calendar
that subscribes updates the same events from build to build; its timestamps are the
dispatch's date, so two builds of the same files give the same bytes.

All calendars are written in one pass over the archive's tasks in dispatch order: each
dispatch's events are serialised once (or read back from the parse cache, where the build
before left them beside the dispatch's entry) and appended to the file of every unit they
are given to; a calendar is its header and footer around those bytes, the same bytes as
Calendar.to_ical of the whole (a test compares). At 10,000 generated dispatches, with each
unit's calendar serialising its events in turn (icalendar folds lines character by
character), the build's Markdown stage took 33.9 s, and 25.0 s after 10 files changed; now
25.7 s and 7.9 s (the index pages alone: 17.9 s, and 3.7 s with the events kept).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from icalendar import Calendar, Event

from generator.cache import keep_beside, load_beside
from generator.model import DispatchMeta, Task
from generator.pages.browse import shorten

RRULES = {"daily": {"freq": "daily"}, "weekly": {"freq": "weekly"}, "monthly": {"freq": "monthly"},
          "quarterly": {"freq": "monthly", "interval": 3}, "yearly": {"freq": "yearly"}}
"""A task's recurrence period (reading/tasks.py) → the RRULE of its event."""

SUMMARY_CHARS = 80
"""An event's title holds the task's first words, as a calendar's day cell shows them."""


def unit_calendars(units: list[tuple[str, str]], tasks: list[tuple[DispatchMeta, Task]],
                   events_dir: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """(slug, iCalendar file) of each of `units` ((name, slug) pairs): the events of the tasks
    given to it that have a deadline or recur, in the order of `tasks` (every task of the
    archive, each dispatch's tasks together and with the one record object, as
    UnitIndex.tasks holds them), or none (an empty calendar, still valid)."""
    slugs = dict(units)
    with tempfile.TemporaryDirectory() as tmp:
        files = {slug: (Path(tmp) / slug).open("wb") for slug in slugs.values()}
        try:
            for _, pairs in groupby(tasks, key=lambda pair: id(pair[0])):
                pairs = list(pairs)
                for (_, task), event in zip(pairs, dispatch_events(pairs[0][0], [t for _, t in pairs], events_dir)):
                    for name in task.assignees if event else ():
                        if name in slugs:
                            files[slugs[name]].write(event)
        finally:
            for out in files.values():
                out.close()
        for name, slug in units:
            head, end = empty_calendar(name).to_ical().split(b"END:VCALENDAR\r\n")
            yield slug, head + (Path(tmp) / slug).read_bytes() + b"END:VCALENDAR\r\n" + end


def empty_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Kho công văn BHXH Việt Nam//dispatch-archive//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Nhiệm vụ: {name}")
    return cal


def dispatch_events(d: DispatchMeta, tasks: list[Task], events_dir: Path | None) -> list[bytes]:
    """The VEVENT lines of each of the dispatch's `tasks` (b"" for one without an event): from
    `events_dir` (<sha>.ics beside the dispatch's parse-cache entry) when a build before wrote
    them for the same page URL and file name, else serialised and kept there."""
    kept = load_beside(events_dir, d.sha256, ".ics")
    if kept is not None and tuple(kept[:2]) == (d.url, d.source) and len(kept[2]) == len(tasks):
        return kept[2]
    events = [event.to_ical() if (event := _event(d, task)) is not None else b"" for task in tasks]
    keep_beside(events_dir, d.sha256, ".ics", (d.url, d.source, events))
    return events


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

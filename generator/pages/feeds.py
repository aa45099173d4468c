"""New dispatches as feeds: one Atom feed (RFC 4287, written with the feedgen library) per
unit, of the dispatches addressed or sent to it, so an intranet portal or a feed reader shows
what arrived.

The feed sits beside the unit's page (don-vi/<slug>.xml) and links to dispatch pages
relatively, as the site has no fixed address (readers resolve links from the feed's URL).
An entry's id is its dispatch page's path, which stays (see permalinks.py) from build to
build and when a corrected source replaces the file; times
are the dispatches' dates, so two builds of the same files give the same bytes. Undated
dispatches are left out: a feed is ordered by time.
"""

from __future__ import annotations

import datetime

from feedgen.feed import FeedGenerator

from generator.language.dates import dmy_date
from generator.model import DispatchMeta
from generator.pages.browse import relative

FEED_ENTRIES = 50
"""The newest dispatches a feed carries."""


def unit_feed(name: str, page: str, dispatches: list[DispatchMeta]) -> bytes:
    """The Atom feed of one unit's dispatches, newest first; `page` is the unit page's
    Markdown path (don-vi/<slug>.md), beside which the feed is written."""
    newest = sorted((d for d in dispatches if d.date), key=lambda d: (d.date, d.id), reverse=True)[:FEED_ENTRIES]
    feed = FeedGenerator()
    feed.id(f"urn:dispatch-archive:{page.removesuffix('.md')}")
    feed.title(f"Văn bản gửi {name}")
    feed.link(href=page.rsplit("/", 1)[-1].removesuffix(".md") + ".html", rel="alternate")
    feed.language("vi")
    feed.generator("dispatch-archive")
    feed.updated(_day(newest[0].date) if newest else _day("1970-01-01"))
    for d in newest:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:dispatch-archive:{d.url}")
        entry.title(f"{d.symbol} — {d.subject}" if d.symbol else d.subject or d.source)
        entry.link(href=relative(page, d.url))
        entry.updated(_day(d.date))
        entry.summary(f"{d.doc_type} ngày {dmy_date(d.date)}")
    return feed.atom_str(pretty=True)


def _day(date: str) -> datetime.datetime:
    """An ISO date (YYYY-MM-DD) as midnight UTC."""
    return datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.timezone.utc)

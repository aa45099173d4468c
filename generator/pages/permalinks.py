"""Permalinks: a page keeps its URL for as long as its file exists.

The URL map of a build is written to site/urls.json (so the auditors' bundle carries it):
`{"urls": {source file: URL}, "titles": {source file: symbol — subject}, "gone": {URL:
{"source": …, "title": …, "moved_to": URL or ""}}}`. The
next build reads it before it cleans the site (or from `--url-map`, e.g. a bundle's
`kho-cong-van/site/urls.json`) and gives every file that was published before the URL it
had, as long as its page's slug is the same; a new file whose slug is taken gets the
suffixed URL, never the page already there. A URL whose file went away, or whose page
moved because its slug changed, gets a small page saying so ("Văn bản đã gỡ", "đã
chuyển") for one build, instead of a 404 for bookmarks and links mailed around.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from pathlib import Path

from generator.model import DispatchMeta
from generator.pages.catalog import PAGES_DIR
from generator.pages.markdown import escape_markdown
from generator.slots import fresh

URL_MAP = "urls.json"
"""The map's file name in the site root."""


def empty_map() -> dict:
    """The URL map of no build."""
    return {"urls": {}, "titles": {}, "gone": {}}


def read_map(path: Path) -> dict:
    """The URL map at `path`; an empty one when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty_map()
    return {key: dict(data.get(key, {})) for key in ("urls", "titles", "gone")}


def previous_slugs(url_map: dict) -> dict[str, str]:
    """{source file: slug under PAGES_DIR} of the build that wrote the map."""
    prefix = PAGES_DIR + "/"
    return {source: url.removeprefix(prefix).removesuffix(".html") for source, url in url_map["urls"].items()}


def new_map(dispatches: list[DispatchMeta], previous: dict) -> dict:
    """This build's URL map: its pages, and the previous build's URLs that no page has now."""
    ordered = sorted(dispatches, key=lambda d: d.source)
    urls = {d.source: d.url for d in ordered}
    now = set(urls.values())
    gone = {url: {"source": source, "title": previous["titles"].get(source, ""), "moved_to": urls.get(source, "")}
            for source, url in sorted(previous["urls"].items()) if url not in now}
    return {"urls": urls, "titles": {d.source: d.title for d in ordered}, "gone": gone}


def write_map(site_dir: Path, url_map: dict) -> None:
    fresh(site_dir / URL_MAP).write_text(json.dumps(url_map, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")


def gone_pages(url_map: dict) -> Iterator[tuple[str, bytes]]:
    """(docs path, Markdown) of the page left at each URL that went away in this build."""
    for url, entry in sorted(url_map["gone"].items()):
        rel = url.removesuffix(".html") + ".md"
        here = posixpath.dirname(rel)
        what = escape_markdown(entry.get("title") or "") or f"Văn bản từ tệp {escape_markdown(entry['source'])}"
        if entry["moved_to"]:
            target = posixpath.relpath(entry["moved_to"].removesuffix(".html") + ".md", here)
            title, text = "Văn bản đã chuyển", f"{what} nay ở [trang mới]({target})."
        else:
            title, text = "Văn bản đã gỡ", (f"{what} đã được gỡ khỏi kho. "
                                            "Trang này còn lại một lần xây dựng để liên kết cũ không hỏng.")
        home = posixpath.relpath("index.md", here)
        front = json.dumps({"title": title, "gone": True}, ensure_ascii=False)
        yield rel, f"---\n{front}\n---\n\n# {title}\n\n{text}\n\n[Về trang chủ]({home})\n".encode("utf-8")


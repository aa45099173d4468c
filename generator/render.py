"""Render stage: the Markdown page of each dispatch, with its YAML front matter.

Front matter is written with yaml.safe_dump's text and validated against
site_config/front_matter.schema.json before it is written: an invalid page is a
bug in the generator, raised as BuildError (the pipeline rejects that file).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import fastjsonschema
import yaml

from . import indexes, structure
from .catalog import raw_path
from .errors import BuildError
from .finished_html import finished_html
from .model import Dispatch
from .tables import TABLES_DIR

FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
NEEDS_DOUBLE_QUOTES = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""Characters outside YAML's printable set, line breaks, tabs, BOM and astral characters."""


@lru_cache(maxsize=1)
def _schema_validator():
    """The front-matter schema compiled to Python by fastjsonschema (about 15× faster than
    jsonschema's validator, which cost more than rendering the page)."""
    schema = json.loads((TABLES_DIR / "front_matter.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def front_matter(d: Dispatch, record: dict) -> str:
    """The page's YAML front matter block, validated against the schema."""
    # Material prints page.meta.title unescaped into <title> and the header bar, so the
    # title is stored HTML-escaped (overrides/main.html prints it as it is).
    meta = {**record, "title": html.escape(d.title)}
    try:
        _schema_validator()(meta)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = "/".join(str(p) for p in exc.path[1:]) or "(root)"
        raise BuildError(f"generator wrote invalid front matter for {d.source}: {where}: {exc.message}") from None
    return "---\n" + dump_yaml(meta) + "---\n"


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def dump_yaml(meta: dict) -> str:
    """yaml.safe_dump's exact text, by libyaml (about 10× faster) when that is the same.

    libyaml escapes and folds double-quoted scalars differently (astral characters,
    U+0085, long strings with line breaks), so text with any character that YAML would
    double-quote goes through the pure-Python dumper.
    """
    if FAST_DUMPER is not None and not any(NEEDS_DOUBLE_QUOTES.search(s) for s in _strings(meta)):
        return yaml.dump(meta, Dumper=FAST_DUMPER, allow_unicode=True, sort_keys=True, width=1000)
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)


def raw_block(d: Dispatch, raw_text: str) -> str:
    """The collapsed "Văn bản gốc" block: the raw text unchanged, and a link to the file."""
    name = posixpath.basename(raw_path(d))
    return finished_html(
        '<details class="van-ban-goc">\n<summary>Văn bản gốc</summary>\n'
        f'<p><a href="{html.escape(name)}" download>Tải tệp gốc</a> '
        f"(<code>{html.escape(d.source)}</code>, SHA-256 <code>{d.sha256}</code>)</p>\n"
        f"<pre>{html.escape(raw_text)}</pre>\n</details>"
    )


def dispatch_page(d: Dispatch, record: dict, cited_by: Sequence[Dispatch] = (), raw_text: str | None = None) -> str:
    """The whole Markdown page of one dispatch: body, its task checklist, who cites it, raw text.

    The build passes raw_text read again from the file, as its Dispatches drop it after parsing.
    """
    # parse makes one block per body line, so the blocks hold the whole body_text
    body = structure.blocks_to_markdown(d.blocks) if d.blocks else ""
    sections = "".join(f"\n{s}" for s in (indexes.task_section(d), indexes.cited_by_section(d, cited_by)) if s)
    raw = raw_block(d, d.raw_text if raw_text is None else raw_text)
    return f"{front_matter(d, record)}\n{body}\n{sections}\n{raw}"

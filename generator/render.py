"""Render stage: the Markdown page of each dispatch, with its YAML front matter.

Front matter is written with yaml.safe_dump and validated against
site_config/front_matter.schema.json before it is written: an invalid page is a
bug in the generator and fails the build.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Sequence
from functools import lru_cache

import jsonschema
import yaml

from . import indexes, structure
from .catalog import raw_path
from .errors import BuildError
from .model import Dispatch
from .tables import TABLES_DIR

@lru_cache(maxsize=1)
def _schema_validator():
    schema = json.loads((TABLES_DIR / "front_matter.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def front_matter(d: Dispatch, record: dict) -> str:
    """The page's YAML front matter block, validated against the schema."""
    # Material prints page.meta.title unescaped into <title> and the header bar, so the
    # title is stored HTML-escaped (overrides/main.html prints it as it is).
    meta = {**record, "title": html.escape(d.title)}
    errors = sorted(_schema_validator().iter_errors(meta), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        raise BuildError(
            f"generator wrote invalid front matter for {d.source}: {where}: {errors[0].message}"
        )
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n"


def raw_block(d: Dispatch) -> str:
    """The collapsed "Văn bản gốc" block: the raw text unchanged, and a link to the file."""
    name = posixpath.basename(raw_path(d))
    return (
        '<details class="van-ban-goc">\n<summary>Văn bản gốc</summary>\n'
        f'<p><a href="{html.escape(name)}" download>Tải tệp gốc</a> '
        f"(<code>{html.escape(d.source)}</code>, SHA-256 <code>{d.sha256}</code>)</p>\n"
        f"<pre>{html.escape(d.raw_text)}</pre>\n</details>\n"
    )


def dispatch_page(d: Dispatch, record: dict, cited_by: Sequence[Dispatch] = ()) -> str:
    """The whole Markdown page of one dispatch: body, its task checklist, who cites it, raw text."""
    if d.blocks:
        body = structure.blocks_to_markdown(d.blocks)
    else:
        body = "\n\n".join(structure.escape_markdown(p) for p in d.body_text.split("\n\n") if p)
    sections = "".join(f"\n{s}" for s in (indexes.task_section(d), indexes.cited_by_section(d, cited_by)) if s)
    return f"{front_matter(d, record)}\n{body}\n{sections}\n{raw_block(d)}"

"""Render stage: the Markdown page of each dispatch, with its YAML front matter.

Front matter is YAML in flow style, written by json.dumps (see dump_yaml), and validated
against site_config/front_matter.schema.json before it is written: an invalid page is a
bug in the generator, raised as BuildError (the pipeline rejects that file).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

import fastjsonschema

from generator.errors import BuildError
from generator.model import Body, DispatchMeta
from generator.pages import indexes, markdown
from generator.pages.catalog import record_schema
from generator.pages.finished_html import finished_html
from generator.tables import per_project

YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters json.dumps leaves raw that libyaml refuses, or reads as a line break, in a
double-quoted scalar: DEL and C1 controls (U+0085 included), line and paragraph
separators, BOM, non-characters."""


@per_project()
def _schema_validator():
    """The front-matter schema compiled to Python by fastjsonschema (about 15× faster than
    jsonschema's validator, which cost more than rendering the page)."""
    return fastjsonschema.compile(record_schema())


def front_matter(d: DispatchMeta, record: dict) -> str:
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


def dump_yaml(meta: dict) -> str:
    """`meta` as YAML that MkDocs' loader reads back equal: its JSON text, which is YAML's
    flow style, indented one space per level so a maintainer reads one field per line, with
    YAML_UNSAFE characters written as \\u escapes. 0.16 ms a page (0.04 ms on one line, the C
    encoder; yaml.dump's block style, libyaml included, was 20× slower and most of the
    Markdown stage)."""
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1, separators=(",", ": "))
    return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


BODY_END = finished_html('<div class="dispatch-body-end"></div>')
"""Where the dispatch's own text ends on its page: the theme puts the signature block and
Nơi nhận there (overrides/main.html), before the archive's sections (tasks, citations)."""


def dispatch_page(d: DispatchMeta, body: Body, record: dict, cited_by: Sequence[DispatchMeta] = ()) -> str:
    """The whole Markdown page of one dispatch: its body, task checklist, who cites it. The
    raw file is beside the page, byte for byte (catalog.raw_path), linked at its top and in
    its metadata panel with its SHA-256; the page does not repeat it."""
    # parse makes one block per body line, so the blocks hold the whole body_text
    text = markdown.blocks_to_markdown(body.blocks) if body.blocks else ""
    sections = (indexes.task_section(d, body.tasks), indexes.cited_by_section(d, cited_by))
    return f"{front_matter(d, record)}\n{text}\n{BODY_END}\n" + "".join(f"\n{s}" for s in sections if s) + "\n"

"""The published record is declared once: the model's fields, the record catalog.record writes,
the JSON Schema that checks it (and gives catalog.csv its columns) and the names the page
templates read agree, so a field renamed or added in one place fails here, not on a page."""

from __future__ import annotations

import re
from dataclasses import fields

from generator.model import DispatchMeta
from generator.pages import catalog
from generator.reading.convert import process_file
from generator.tables import find_project

from ..conftest import SAMPLE_CORPUS

PROJECT_DIR = find_project()

RENAMED = {"source": "source_file", "sha256": "source_sha256"}
"""Model fields published under another name (the record names where the file came from)."""
REPORT_ONLY = {"encoding", "unwrap_notes"}
"""Model fields the build report states and the record does not."""
ADDED_BY_WRITERS = {"title", "body_text"}
"""Schema properties the page (its title) or catalog.json (the body text) add to the record."""


def sample_records() -> list[dict]:
    dispatches = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    return [catalog.record(d, d.tasks) for d in dispatches]


def test_the_record_holds_every_published_model_field_and_the_schema_every_record_key():
    schema = set(catalog.record_schema()["properties"])
    published = {RENAMED.get(f.name, f.name) for f in fields(DispatchMeta)} - REPORT_ONLY
    for record in sample_records():
        assert published <= set(record), "a field of DispatchMeta the record leaves out"
        assert set(record) | ADDED_BY_WRITERS == schema, "the schema and the record name the same keys"


def test_the_page_templates_read_only_fields_the_schema_declares():
    schema = catalog.record_schema()["properties"]
    read = set()
    for template in (PROJECT_DIR / "overrides").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        read |= set(re.findall(r"\bpage\.meta\.(\w+)", text))
        if "{% set m = page.meta %}" in text:
            read |= set(re.findall(r"\bm\.(\w+)", text))
    assert {"symbol", "signer", "distribution_detail", "source_sha256"} <= read, "the templates were found and read"
    assert read - set(schema) == set()

"""Catalog stage: stable ids and URLs, and the record each dispatch publishes.

The record is the contract shared by the page front matter, site/catalog.json and
the search index; its JSON Schema is site_config/front_matter.schema.json.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from pathlib import PurePosixPath

from generator.language.folding import initials, slugify
from generator.language.units import registry
from generator.model import DispatchMeta, Reference, Relation, Task
from generator.reading.extract import SUFFIXES
from generator.tables import per_project, tables_dir

PAGES_DIR = "van-ban"
"""Where dispatch pages live under the docs and site roots."""


def page_slug(d: DispatchMeta) -> str:
    """The page's path under PAGES_DIR, before collisions are resolved.

    Numbering restarts every year, so the key is year + symbol + issuer; a file
    without a symbol or date is keyed by its file name instead.
    """
    if d.symbol and d.year:
        issuer = initials(d.issuer) or slugify(d.issuer_code)
        return f"{d.year}/{slugify(d.symbol)}-{issuer}".rstrip("-")
    return f"khong-so/{slugify(PurePosixPath(d.source).stem) or 'van-ban'}"


def source_tag(source: str, width: int = 6) -> str:
    """A short hash of the source path: the suffix that tells apart pages whose slugs collide."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:width]


def assign_ids(dispatches: list[DispatchMeta], previous: dict[str, str] | None = None) -> list[DispatchMeta]:
    """Give every dispatch a unique id and URL.

    `previous` is {source file: slug} of the build before (permalinks.previous_slugs): a
    file keeps its slug while its page's slug is the same, so a page keeps its URL for as
    long as its file exists. The others: a slug that only one of them has, and no kept page
    holds, is its URL; those that share a slug all get it suffixed with source_tag of their
    own path. So a URL depends on its own file, never on sort order: adding a file never
    moves or renumbers another page.
    """
    slugs = {d.source: page_slug(d) for d in dispatches}
    if len(slugs) != len(dispatches):
        raise ValueError("two dispatches from one source file: a URL must depend on its file alone")
    kept = {source: slug for source, slug in (previous or {}).items()
            if source in slugs and _is_slug_of(slug, slugs[source], source)}
    shared = Counter(slug for source, slug in slugs.items() if source not in kept)
    taken: set[str] = set(kept.values())
    result = []
    for d in sorted(dispatches, key=lambda d: d.source):
        base = slugs[d.source]
        if d.source in kept:
            slug = kept[d.source]
        else:
            slug, width = (base, 6) if shared[base] == 1 and base not in taken else (f"{base}-{source_tag(d.source)}", 8)
            while slug in taken:  # a plain slug that reads like a suffixed one: lengthen the tag
                slug, width = f"{base}-{source_tag(d.source, width)}", width + 2
        taken.add(slug)
        result.append(
            dataclasses.replace(d, id=slug.replace("/", "-"), url=f"{PAGES_DIR}/{slug}.html")
        )
    return result


def _is_slug_of(slug: str, base: str, source: str) -> bool:
    """True when `slug` is `base`, or `base` suffixed with a tag of `source`'s path."""
    return slug == base or slug.startswith(base + "-") and source_tag(source, 40).startswith(slug[len(base) + 1:])


def markdown_path(d: DispatchMeta) -> str:
    """The page's Markdown file relative to the docs root."""
    return d.url.removesuffix(".html") + ".md"


@per_project()
def record_schema() -> dict:
    """The record's JSON Schema (site_config/front_matter.schema.json): the one description of
    its fields, which validates every page's front matter and names catalog.csv's columns."""
    return json.loads((tables_dir() / "front_matter.schema.json").read_text(encoding="utf-8"))


def csv_columns() -> dict[str, str]:
    """catalog.csv's columns: {record field: Vietnamese header}, the schema's "x-csv" ones, in its order."""
    return {field: spec["x-csv"] for field, spec in record_schema()["properties"].items() if "x-csv" in spec}


def raw_path(d: DispatchMeta) -> str:
    """Where the raw file (the PDF, Word file, web page or text as received) is served,
    relative to the site root, beside its page, under its format's suffix."""
    return d.url.removesuffix(".html") + SUFFIXES[d.source_format]


def text_path(d: DispatchMeta) -> str:
    """Where the text extracted from a PDF, Word or web-page original is served beside the
    page (what the reader read, for auditors); "" for a text file, which is its own text."""
    return d.url.removesuffix(".html") + ".txt" if d.source_format != "text" else ""


def staged_files(d: DispatchMeta) -> list[str]:
    """The files staged beside a dispatch's page: its raw file, and its extracted text if any."""
    return [raw_path(d), *filter(None, [text_path(d)])]


def flat_dict(record) -> dict:
    """dataclasses.asdict of a record whose fields are text or tuples of text (Addressee,
    Signer, Reference, Task), without asdict's deep copy: 5 times faster, and the catalog
    and every page's front matter hold thousands of them."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


IN_FORCE = "còn hiệu lực"
"""The status of a dispatch no archived dispatch replaces, repeals or amends (pages/status.py)."""


def relation_entry(r: Relation, url: str = "") -> dict:
    """One relation in a record: its type, part and date of effect, the target as cited, and
    the target's page when it is in the archive ("" when not)."""
    return {**flat_dict(r.target), "kind": r.kind, "part": r.part, "effective": r.effective, "url": url}


def link_entry(d: DispatchMeta | None) -> dict:
    """A dispatch a status names (who replaced it, the newest of the chain), empty for none."""
    return {name: getattr(d, name) if d else "" for name in ("doc_type", "symbol", "date", "url")}


def status_fields(d: DispatchMeta) -> dict:
    """The record's status fields of a dispatch nothing acts on (its relations unresolved):
    pages/status.py fills them from the archive."""
    return {"status": IN_FORCE, "status_since": "", "status_by": link_entry(None), "status_newest": link_entry(None),
            "relations": [relation_entry(r) for r in d.relations], "related_by": []}


def record(d: DispatchMeta, tasks: tuple[Task, ...], reference_urls: dict[Reference, str] | None = None,
           status: dict | None = None) -> dict:
    """The published record of one dispatch with its body's tasks (catalog.json adds body_text).

    `reference_urls` maps each reference found in the archive to its page (links.link);
    `status`: the status fields pages/status.record_fields gives (status_fields when none).
    """
    reference_urls = reference_urls or {}
    return {
        "id": d.id,
        "url": d.url,
        "source_file": d.source,
        "source_sha256": d.sha256,
        "source_format": d.source_format,
        "raw_url": raw_path(d),
        "text_url": text_path(d),
        "ocr_pages": list(d.ocr_pages),
        "symbol": d.symbol,
        "number": d.number,
        "type_code": d.type_code,
        "issuer_code": d.issuer_code,
        "drafting_unit": d.drafting_unit,
        "drafting_unit_name": registry().code_name(d.drafting_unit),
        "doc_type": d.doc_type,
        "issuer": d.issuer,
        "issuer_parent": d.issuer_parent,
        "place": d.place,
        "date": d.date,
        "year": d.year,
        "subject": d.subject,
        "urgency": d.urgency,
        "secrecy": d.secrecy,
        "recipients": list(d.recipients),
        "distribution": [a.name for a in d.distribution],
        "distribution_detail": [flat_dict(a) for a in d.distribution],
        "filing": d.filing,
        "signer": flat_dict(d.signer),
        "signers": [flat_dict(s) for s in d.signers],
        "appendix": d.appendix,
        "provenance": dict(d.provenance),
        "references": [
            {**flat_dict(r), "url": reference_urls.get(r, "")}
            for r in d.references
        ],
        "tasks": [
            {**flat_dict(t), "assignees": list(t.assignees)} for t in tasks
        ],
        "effective": d.effective,
        **(status or status_fields(d)),
        "warnings": list(d.warnings),
    }

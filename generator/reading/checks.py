"""Checks: every header and signature field judged by its own grammar before it is published.

A value that does not parse as its field is worse than none: staff trust what the page
says. `check(fields)` takes the fields `parse` read and returns them with each doubtful
value emptied, and one warning per emptied field ("issuer not published: holds the
national motto: '…'"); `doubtful(warnings)` names those fields for the report's
needs-review list. The grammars: the symbol (Nghị định 30/2020, Phụ lục III; a Party
symbol "47-TB/ĐU"), an issuer with no motto, heading, type name, symbol or doubled line in
it, a position that opens with a title (signing.yml), a date in the years an archive holds,
a subject without labels, motto or "V/v".
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from generator.language import vocabulary
from generator.reading import header
from generator.tables import per_project

NOT_PUBLISHED = " not published: "
"""What every warning of this module says after the field's name."""
FIRST_YEAR = 1945
"""The first year of the Democratic Republic's documents: an earlier date is a misreading."""
SYMBOL = re.compile(r"^\d{1,6}(?:/\d{4})?[/-](?:[A-ZĐ][A-Za-zĐđ0-9&]*|\d{4})(?:[-/][A-ZĐ0-9][A-Za-zĐđ0-9&]*)*$")
"""Số và ký hiệu: a number, then codes of capitals (a Party symbol: number, "-", type, "/")."""
_SYMBOL_IN_TEXT = re.compile(r"\b[Ss]ố\s*(?::|\d)|\d+/[A-ZĐ]")
"""A symbol, or its label "Số:" whatever is left after it (a handwritten number OCR dropped: "Số: #BVPS")."""
_HEADINGS = ("motto", "tagline", "party", "gazette_headings")
_DOUBLED = re.compile(r"(?<!\w)((?:\w+\s+){1,}\w+)\s+\1(?!\w)", re.I)
_HONORIFIC = re.compile(r"^(?:[-–—~.,;:•*]+\s*|(?:Ông|Bà|Ong|Ba|Đồng chí)\s+(?=\w))+")
"""What stands before a position where none belongs: a dash OCR read, "Ông"/"Bà" ("Ong Giám đốc")."""


@per_project()
def _heading_trigrams() -> frozenset[tuple[str, ...]]:
    """Every three words in a row of the headings: a part of one glued to an issuer."""
    return frozenset(p.words[k:k + 3] for p in vocabulary.phrases(_HEADINGS) for k in range(len(p.words) - 2))


def _heading_part(text: str) -> bool:
    """True when `text` holds three words in a row of a heading ("… VIETNAMCONG hòa xã hội
    chủ nghĩa Việt Nam")."""
    words = vocabulary.words(text)
    return any(tuple(words[k:k + 3]) in _heading_trigrams() for k in range(len(words) - 2))


def symbol(value: str) -> str:
    """Why `value` is no số và ký hiệu, or "" when it parses ("5Ý2†/BHXH-CSXH": no)."""
    return "" if not value or SYMBOL.match(value) else "does not parse as a number and codes"


def date(iso: str, today: datetime.date | None = None) -> str:
    """Why the ISO date `iso` is out of range, or ""."""
    if not iso:
        return ""
    year, last = int(iso[:4]), (today or datetime.date.today()).year + 1
    return "" if FIRST_YEAR <= year <= last else f"year out of {FIRST_YEAR}–{last}"


def issuer(value: str) -> str:
    """Why `value` is no issuer's name, or ""."""
    if not value:
        return ""
    if vocabulary.find(_HEADINGS, value) or _heading_part(value):
        return "holds the national motto, the Party's heading or a Công báo section heading"
    if vocabulary.opens(("types",), value):
        return "is a type name"
    if _SYMBOL_IN_TEXT.search(value) or "*" in value:
        return "holds a symbol"
    if _DOUBLED.search(value):
        return "holds a doubled line"
    if not header.reads_as_words(value, share=1.0):  # a name is words, every one of them
        return "holds a word that is no Vietnamese syllable nor abbreviation (OCR's junk)"
    return ""


def position(value: str) -> tuple[str, str]:
    """(the position as published, why it was not) for a signer's chức vụ: it must open with
    a title (site_config/signing.yml, OCR read through), after an honorific OCR kept ("Ong
    Giám đốc" → "Giám đốc"); a seal's text ("Bảo hiểm xã hội Việt Nam") is none."""
    if not value:
        return "", ""
    text = _HONORIFIC.sub("", value).strip()
    if text and vocabulary.opens(("titles",), text.upper()):
        return text, ""
    return "", "does not open with a title"


def subject(value: str) -> str:
    """Why `value` is no trích yếu, or ""."""
    if not value:
        return ""
    if re.match(r"^(?:V\s*/\s*v|Về việc)\b", value, re.I):
        return "opens with V/v or Về việc"
    if vocabulary.find(_HEADINGS, value) or _heading_part(value) or re.search(r"\b(?:Kính gửi|Nơi nhận)\s*:", value):
        return "holds the motto or a label"
    return ""


def check(fields: dict) -> tuple[dict, list[str]]:
    """`fields` with every doubtful value emptied, and a warning for each."""
    fields, warnings = dict(fields), []

    def drop(name: str, reason: str, keys: tuple[str, ...] = ()) -> None:
        warnings.append(f"{name}{NOT_PUBLISHED}{reason}: {fields.get(name)!r}")
        for key in (name, *keys):
            fields.pop(key, None)

    for name, judge, keys in (("symbol", symbol, ("number", "type_code", "issuer_code", "drafting_unit")),
                              ("date", date, ()), ("issuer", issuer, ("issuer_parent",)),
                              ("subject", subject, ())):
        reason = judge(fields.get(name) or "")
        if reason:
            drop(name, reason, keys)
    signers = []
    for signer in fields.get("signers", ()):
        published, reason = position(signer.position)
        if reason:
            warnings.append(f"signer position{NOT_PUBLISHED}{reason}: {signer.position!r}")
        signers.append(dataclasses.replace(signer, position=published))
    if signers:
        fields["signers"], fields["signer"] = tuple(signers), signers[-1]
    return fields, warnings


def doubtful(warnings: tuple[str, ...]) -> list[str]:
    """The fields a person should check: those `check` did not publish."""
    return sorted({w.split(NOT_PUBLISHED)[0] for w in warnings if NOT_PUBLISHED in w})

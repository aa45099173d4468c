"""Vietnamese syllable grammar over the rule tables of site_config/syllables.yml.

A syllable is (onset)(medial)(nucleus)(coda) plus at most one tone mark.  The
checker knows spelling rules (k/gh/ngh only before i e ê y, a stop coda only with
sắc or nặng) but no word list, so it accepts a few non-words such as "ngườ".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from generator.tables import load_table, per_project


@dataclass(frozen=True)
class _Grammar:
    """The syllable grammar of site_config/syllables.yml, ready for lookups."""

    table: dict
    onsets: list[str]
    """Longest first."""
    tone_by_mark: dict[str, str]
    nuclei: dict[str, set[str]]
    medials: dict[str, dict[str, set[str]]]
    front: tuple[str, ...]
    stop_codas: set[str]
    stop_tones: set[str]


@per_project()
def _grammar() -> _Grammar:
    table = load_table("syllables")
    return _Grammar(table, sorted(table["onsets"], key=len, reverse=True),
                    {mark: name for name, mark in table["tones"].items()},
                    {n: set(c) for n, c in table["nuclei"].items()},
                    {m: {n: set(c) for n, c in t.items()} for m, t in table["medials"].items()},
                    tuple(table["front_vowels"]), set(table["stop_codas"]), set(table["stop_coda_tones"]))


def split_tone(token: str) -> tuple[str, str] | None:
    """Return (toneless NFC text, tone name or "ngang"), or None for two tone marks."""
    tone_by_mark = _grammar().tone_by_mark
    marks = [ch for ch in unicodedata.normalize("NFD", token) if ch in tone_by_mark]
    if len(marks) > 1:
        return None
    base = "".join(ch for ch in unicodedata.normalize("NFD", token) if ch not in tone_by_mark)
    return unicodedata.normalize("NFC", base), tone_by_mark[marks[0]] if marks else "ngang"


def _rhyme_ok(onset: str, rhyme: str, tone: str) -> bool:
    """True when `rhyme` (medial + nucleus + coda) is a valid rhyme after `onset`."""
    tables = [("", _grammar().nuclei)]
    if onset not in _grammar().table["no_medial_onsets"]:
        tables += [(medial, nuclei) for medial, nuclei in _grammar().medials.items()]
    if onset == "qu":  # the u of qu is the medial
        tables.append(("", _grammar().medials["u"]))
    for medial, nuclei in tables:
        if not rhyme.startswith(medial):
            continue
        rest = rhyme[len(medial):]
        for nucleus, codas in nuclei.items():
            if not rest.startswith(nucleus):
                continue
            coda = rest[len(nucleus):]
            if coda not in codas:
                continue
            if not _spelling_ok(onset, medial, nucleus):
                continue
            if coda in _grammar().stop_codas and tone not in _grammar().stop_tones:
                continue
            return True
    return False


def _spelling_ok(onset: str, medial: str, nucleus: str) -> bool:
    """Onset/nucleus spelling constraints (c/k, g/gh, ng/ngh, iê/yê)."""
    first = medial or nucleus
    front = first.startswith(_grammar().front)
    if onset in _grammar().table["front_only_onsets"] and not front:
        return False
    if onset in _grammar().table["back_only_onsets"] and front:
        return False
    if nucleus in _grammar().table["needs_onset"] and (not onset or medial):
        return False
    if nucleus in _grammar().table["needs_no_onset_or_medial"] and onset not in ("", "qu") and not medial:
        return False
    return True


@per_project(maxsize=65536)
def is_syllable(token: str) -> bool:
    """True when `token` (any case, NFC) is spelled as one Vietnamese syllable."""
    split = split_tone(token.lower())
    if split is None or not split[0].isalpha():
        return False
    base, tone = split
    for onset in _grammar().onsets:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme.startswith("i"):
            continue
        if rhyme and _rhyme_ok(onset, rhyme, tone):
            return True
        if onset == "gi" and _rhyme_ok("gi", "i" + rhyme, tone):  # gì, gìn, giếng
            return True
    return False


def is_well_cased(token: str) -> bool:
    """True for lower, Capitalised or UPPER case words (not "nhỮng")."""
    return token.islower() or token.isupper() or (token[:1].isupper() and token[1:].islower())

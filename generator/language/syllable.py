"""Vietnamese syllable grammar over the rule tables of site_config/syllables.yml.

A syllable is (onset)(medial)(nucleus)(coda) plus at most one tone mark.  The
checker knows spelling rules (k/gh/ngh only before i e ê y, a stop coda only with
sắc or nặng) but no word list, so it accepts a few non-words such as "ngườ".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from generator.tables import load_table

_GRAMMAR = load_table("syllables")
_ONSETS = sorted(_GRAMMAR["onsets"], key=len, reverse=True)
_TONE_BY_MARK = {mark: name for name, mark in _GRAMMAR["tones"].items()}
_NUCLEI = {n: set(c) for n, c in _GRAMMAR["nuclei"].items()}
_MEDIALS = {m: {n: set(c) for n, c in t.items()} for m, t in _GRAMMAR["medials"].items()}
_FRONT = tuple(_GRAMMAR["front_vowels"])
_STOP_CODAS = set(_GRAMMAR["stop_codas"])
_STOP_TONES = set(_GRAMMAR["stop_coda_tones"])


def split_tone(token: str) -> tuple[str, str] | None:
    """Return (toneless NFC text, tone name or "ngang"), or None for two tone marks."""
    marks = [ch for ch in unicodedata.normalize("NFD", token) if ch in _TONE_BY_MARK]
    if len(marks) > 1:
        return None
    base = "".join(ch for ch in unicodedata.normalize("NFD", token) if ch not in _TONE_BY_MARK)
    return unicodedata.normalize("NFC", base), _TONE_BY_MARK[marks[0]] if marks else "ngang"


def _rhyme_ok(onset: str, rhyme: str, tone: str) -> bool:
    """True when `rhyme` (medial + nucleus + coda) is a valid rhyme after `onset`."""
    tables = [("", _NUCLEI)]
    if onset not in _GRAMMAR["no_medial_onsets"]:
        tables += [(medial, nuclei) for medial, nuclei in _MEDIALS.items()]
    if onset == "qu":  # the u of qu is the medial
        tables.append(("", _MEDIALS["u"]))
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
            if coda in _STOP_CODAS and tone not in _STOP_TONES:
                continue
            return True
    return False


def _spelling_ok(onset: str, medial: str, nucleus: str) -> bool:
    """Onset/nucleus spelling constraints (c/k, g/gh, ng/ngh, iê/yê)."""
    first = medial or nucleus
    front = first.startswith(_FRONT)
    if onset in _GRAMMAR["front_only_onsets"] and not front:
        return False
    if onset in _GRAMMAR["back_only_onsets"] and front:
        return False
    if nucleus in _GRAMMAR["needs_onset"] and (not onset or medial):
        return False
    if nucleus in _GRAMMAR["needs_no_onset_or_medial"] and onset not in ("", "qu") and not medial:
        return False
    return True


@lru_cache(maxsize=65536)
def is_syllable(token: str) -> bool:
    """True when `token` (any case, NFC) is spelled as one Vietnamese syllable."""
    split = split_tone(token.lower())
    if split is None or not split[0].isalpha():
        return False
    base, tone = split
    for onset in _ONSETS:
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

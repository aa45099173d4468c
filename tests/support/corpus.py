"""Write N synthetic raw dispatches in the scraped format of corpus/*.txt.

    python benchmarks/generate_corpus.py 10000 /tmp/corpus-10k [--seed 0]

Each file has the seed corpus's shape: header cells wrapped onto indented lines, "Số:"
symbols of many drafting units and types over 2012–2025, "V/v" subjects or title lines,
Kính gửi lists, an opening that cites other documents (often other generated ones),
numbered directives with lettered sub-items and dash bullets, a closing, Nơi nhận, a
signature block and the portal chrome. Line-break damage comes in three strengths like
the seeds: wraps with a short first line only, some syllables split onto their own lines,
or most lines broken ("đ\\nổ\\ni", "B\\nH\\nXH", split dates and symbols).

Signers come from a roster drawn from the seed, as in a real agency: one Tổng Giám đốc
at a time signs in person, the 4–6 Phó Tổng Giám đốc of the period sign "KT.", the head
of the drafting unit signs "TL."; posts change hands every few years, so 10,000
dispatches have a few dozen signers, not thousands. File i depends only on (seed, i, n),
so a generation is reproducible.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import click
import yaml

POOL = yaml.safe_load((Path(__file__).with_name("corpus_pool.yml")).read_text(encoding="utf-8"))
UNITS: dict[str, str] = POOL["units"]
YEARS = range(2012, 2026)
CHROME = ["Tải Văn bản tiếng Việt", "Tải Văn bản tiếng Việt", "Tải Văn bản gốc", "Tải Văn bản gốc"]
DAMAGE_WEIGHTS = {"light": 5, "medium": 3, "heavy": 2}
SPLIT_RATE = {"light": 0.0, "medium": 0.12, "heavy": 0.55}
NON_ASCII_OR_CAPS = re.compile(r"[^\x00-\x7f]|(?<=[A-Z])[A-Z]")
LETTERS = "abcdđeghiklmn"
GENERAL_DIRECTOR, DEPUTIES = "TGĐ", "PTGĐ"


@dataclass(frozen=True)
class Meta:
    """What other files may cite of a dispatch: its symbol, type and date."""

    number: int
    year: int
    month: int
    day: int
    type_code: str
    """"" for a công văn, else the code of POOL["typed"] (KH, CĐ…)."""
    title: str
    unit: str

    @property
    def symbol(self) -> str:
        if self.type_code:
            return f"{self.number}/{self.type_code}-BHXH"
        return f"{self.number}/BHXH-{self.unit}"

    @property
    def citation(self) -> str:
        kind = self.title.capitalize() if self.type_code else "Công văn"
        return f"{kind} số {self.symbol} ngày {self.day:02d}/{self.month:02d}/{self.year} của BHXH Việt Nam"


def meta(seed: int, i: int, n: int) -> Meta:
    """The symbol and date of file i: numbers rise through each year's register."""
    rng = random.Random(f"{seed}:{i}:meta")
    year = YEARS[i % len(YEARS)]
    rank = i // len(YEARS)
    per_year = max(1, -(-n // len(YEARS)))
    day_of_year = min(359, rank * 360 // per_year)
    typed = [t for t in POOL["typed"] for _ in range(t[2])]
    code, title = ("", "CÔNG VĂN") if rng.random() < 0.6 else tuple(rng.choice(typed)[:2])
    return Meta(
        number=rank * 3 + rng.randint(1, 3),
        year=year,
        month=day_of_year // 30 + 1,
        day=day_of_year % 30 + 1 - (day_of_year % 30 == 29 and day_of_year // 30 == 1),
        type_code=code,
        title=title,
        unit=rng.choice(sorted(UNITS)),
    )


class Writer:
    """Assembles one raw file line by line, applying its damage strength to prose."""

    def __init__(self, rng: random.Random, damage: str) -> None:
        self.rng = rng
        self.damage = damage
        self.lines: list[str] = []

    def cell(self, *variants: list[str]) -> None:
        """A header cell: one of its wrapping variants, continuation lines indented."""
        self.lines += self.rng.choice(variants)

    def prose(self, text: str, short_first: float = 0.7) -> None:
        """A paragraph wrapped near 80 columns, often with a short first line."""
        words = text.split(" ")
        out = []
        if len(words) > 8 and self.rng.random() < short_first:
            k = self.rng.randint(2, 6)
            out.append(" ".join(words[:k]))
            words = words[k:]
        out += textwrap.wrap(" ".join(words), self.rng.randint(70, 86), break_on_hyphens=False)
        for line in out:
            self.lines += self.split_syllable(line) if self.rng.random() < SPLIT_RATE[self.damage] else [line]

    def split_syllable(self, line: str) -> list[str]:
        """Break a line inside a word: "tiếp tục đổi mới" → "tiếp tục đ", "ổ", "i mới"."""
        hits = [m.start() for m in NON_ASCII_OR_CAPS.finditer(line)]
        if not hits:
            return [line]
        at = self.rng.choice(hits)
        pieces = [line[:at], line[at], line[at + 1:]] if self.rng.random() < 0.7 else [line[:at], line[at:]]
        return [p.strip() for p in pieces if p.strip()]


@dataclass(frozen=True)
class Term:
    """Who held a post from year `first` to year `last`; deputies are several at once."""

    first: int
    last: int
    names: tuple[str, ...]


def distinct_names(rng: random.Random):
    """Full names drawn from the pools, none twice, so a signer page is one person."""
    seen = set()
    while True:
        name = " ".join((rng.choice(POOL["family"]), rng.choice(POOL["middle"]), rng.choice(POOL["given"])))
        if name not in seen:
            seen.add(name)
            yield name


def spans(rng: random.Random, shortest: int, longest: int) -> list[tuple[int, int]]:
    """YEARS cut into consecutive terms of shortest..longest years (the last may be cut short)."""
    out, first = [], YEARS[0]
    while first <= YEARS[-1]:
        last = min(first + rng.randint(shortest, longest) - 1, YEARS[-1])
        out.append((first, last))
        first = last + 1
    return out


@functools.lru_cache(maxsize=8)
def roster(seed: int) -> dict[str, list[Term]]:
    """The signers of a generation: per leadership period of 4–6 years a Tổng Giám đốc and
    4–6 Phó Tổng Giám đốc, and per drafting unit its heads, each serving 3–6 years."""
    rng = random.Random(f"{seed}:roster")
    names = distinct_names(rng)
    posts: dict[str, list[Term]] = {GENERAL_DIRECTOR: [], DEPUTIES: []}
    for first, last in spans(rng, 4, 6):
        posts[GENERAL_DIRECTOR].append(Term(first, last, (next(names),)))
        posts[DEPUTIES].append(Term(first, last, tuple(next(names) for _ in range(rng.randint(4, 6)))))
    for unit in sorted(UNITS):
        posts[unit] = [Term(first, last, (next(names),)) for first, last in spans(rng, 3, 6)]
    return posts


def serving(seed: int, post: str, year: int) -> tuple[str, ...]:
    """The names holding `post` (GENERAL_DIRECTOR, DEPUTIES or a unit code) in `year`."""
    return next(t.names for t in roster(seed)[post] if t.first <= year <= t.last)


def head_position(unit_code: str) -> str:
    """The title a unit's head signs under "TL. TỔNG GIÁM ĐỐC"."""
    unit = UNITS[unit_code]
    position = {"Văn": "CHÁNH VĂN PHÒNG", "Ban": f"TRƯỞNG {unit.upper()}", "Vụ": f"VỤ TRƯỞNG {unit.upper()}"}
    return position.get(unit.split()[0], f"GIÁM ĐỐC {unit.upper()}")


def citation(rng: random.Random, seed: int, i: int, n: int, year: int) -> str:
    """A cited document: an earlier generated dispatch, or a government act."""
    earlier = i - len(YEARS) * rng.randint(1, 15)  # same year, lower number
    if earlier >= 0 and rng.random() < 0.5:
        return meta(seed, earlier, n).citation
    kind, code, issuer = rng.choice(POOL["citations"])
    y = rng.randint(2008, year - 1)
    number = f"{rng.randint(1, 180)}/{y}/{code}" if kind in ("Nghị định", "Thông tư") else f"{rng.randint(1, 900)}/{code}"
    return f"{kind} số {number} ngày {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{y} của {issuer}"


def fill(rng: random.Random, template: str, m: Meta, ref: str, subject: str) -> str:
    deadline = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{m.year}"
    return template.format(ref=ref, subject=subject, unit=UNITS[m.unit], year=m.year, deadline=deadline)


def directive(rng: random.Random, m: Meta, ref: str, subject: str) -> str:
    action = f"{rng.choice(POOL['leads'])} {rng.choice(POOL['actions'])}"
    return fill(rng, action + rng.choice(POOL["tails"]), m, ref, subject)


def header(w: Writer, m: Meta, subject: str) -> None:
    w.cell(["BẢO HIỂM XÃ HỘI", "  VIỆT NAM"], ["BẢO", "  HIỂM XÃ HỘI VIỆT NAM"], ["BẢO HIỂM XÃ HỘI VIỆT NAM"])
    w.lines.append("-------")
    w.cell(["CỘNG HÒA XÃ HỘI", "  CHỦ NGHĨA VIỆT NAM"], ["CỘNG", "  HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    w.lines += ["Độc lập - Tự do - Hạnh phúc", "---------------"]
    number, rest = m.symbol.split("/", 1)
    broken = [["Số:", number, "/" + rest.split("-")[0], "-" + rest.split("-", 1)[1]]] if w.damage == "heavy" else []
    w.cell([f"Số: {m.symbol}"], ["Số:", f"  {m.symbol}"], *broken)
    if not m.type_code:
        wrapped = textwrap.wrap(f"V/v {subject}", w.rng.randint(40, 70))
        w.lines += [wrapped[0]] + ["  " + line for line in wrapped[1:]]
    day = f"{m.day:02d}" if m.day < 10 else str(m.day)
    month = f"{m.month:02d}" if m.month < 3 else str(m.month)
    date = f"ngày {day} tháng {month} năm {m.year}"
    heavy_date = [["Hà Nội, ngày", day, "tháng", month, f"năm {str(m.year)[:3]}", str(m.year)[3:]]]
    w.cell([f"Hà Nội, {date}"], [f"Hà Nội, ngày {day}", f"  tháng {month} năm {m.year}"],
           ["Hà", f"  Nội, {date}"], *(heavy_date if w.damage == "heavy" else []))
    if m.type_code:
        w.lines.append(m.title)
        w.lines += textwrap.wrap(f"VỀ VIỆC {subject}".upper(), w.rng.randint(60, 80))


def addressees(w: Writer, m: Meta) -> None:
    rng = w.rng
    chosen = rng.sample(POOL["recipients"], rng.choice([1, 2, 2, 3]))
    if m.type_code == "CĐ":
        w.lines += ["TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM ĐIỆN:", chosen[0]]
    elif m.type_code in ("QĐ", "KH", "BC"):
        return
    elif len(chosen) == 1:
        w.lines.append(f"Kính gửi: {chosen[0]}")
    else:
        w.lines.append("Kính gửi:")
        w.lines += [f"- {r};" for r in chosen[:-1]] + [f"- {chosen[-1]}."]


def body(w: Writer, m: Meta, refs: list[str], subject: str) -> None:
    rng = w.rng
    w.prose(fill(rng, rng.choice(POOL["openings"]), m, refs[0], subject) + ":")
    sections = rng.sample(POOL["sections"], rng.randint(2, 4)) if m.type_code in ("KH", "HD") else [None]
    roman = ["I", "II", "III", "IV", "V"]
    for s, section in enumerate(sections):
        if section:
            w.lines.append(f"{roman[s]}. {section}")
        for n in range(1, rng.randint(2, 7)):
            item(w, m, refs, subject, n)
    w.prose(fill(rng, rng.choice(POOL["closings"]), m, refs[-1], subject) + "./.")


def item(w: Writer, m: Meta, refs: list[str], subject: str, n: int) -> None:
    """One numbered directive: prose, or a unit heading with lettered sub-items or bullets."""
    rng = w.rng
    shape = rng.random()
    if shape < 0.5:
        sentences = [directive(rng, m, rng.choice(refs), subject) for _ in range(rng.randint(1, 3))]
        w.prose(f"{n}. " + ". ".join(sentences) + ".")
        return
    w.prose(f"{n}. {rng.choice(list(UNITS.values()))}:", short_first=0)
    for k in range(rng.randint(2, 5)):
        marker = f"{LETTERS[k]})" if shape < 0.8 else "-"
        end = ";" if shape >= 0.8 else "."
        w.prose(f"{marker} {directive(rng, m, rng.choice(refs), subject)}{end}")


def signature(w: Writer, m: Meta, seed: int) -> None:
    rng = w.rng
    w.lines.append("Nơi nhận:")
    entries = rng.sample(POOL["distribution"], rng.randint(2, 6))
    w.lines += [f"- {e};" for e in entries]
    copies = f" ({rng.randint(2, 9):02d}b)" if rng.random() < 0.3 else ""
    w.lines.append(f"- Lưu: VT, {m.unit}{copies}.")
    authority = rng.choice(["", "KT.", "KT.", "TL."])
    if authority == "KT.":
        w.cell(["KT. TỔNG GIÁM ĐỐC"], ["KT.", "  TỔNG GIÁM ĐỐC"])
        w.lines.append("PHÓ TỔNG GIÁM ĐỐC")
        name = rng.choice(serving(seed, DEPUTIES, m.year))
    elif authority == "TL.":
        w.cell(["TL. TỔNG GIÁM ĐỐC"], ["TL. TỔNG GIÁM", "  ĐỐC"])
        w.lines.append(head_position(m.unit))
        name = serving(seed, m.unit, m.year)[0]
    else:
        w.lines.append("TỔNG GIÁM ĐỐC")
        name = serving(seed, GENERAL_DIRECTOR, m.year)[0]
    first, rest = name.split(" ", 1)
    w.cell([name], [first, f"  {rest}"])


def compose(seed: int, i: int, n: int, replaces: int | None = None) -> str:
    """The raw text of file i of a generation of n files; `replaces`: the file it says it
    replaces ("Công văn này thay thế Công văn số … ngày …"), on a line of its own before the first item."""
    rng = random.Random(f"{seed}:{i}:text")
    m = meta(seed, i, n)
    damage = rng.choices(list(DAMAGE_WEIGHTS), weights=list(DAMAGE_WEIGHTS.values()))[0]
    w = Writer(rng, damage)
    subjects = [s for s in POOL["subjects"] if "Covid" not in s or 2020 <= m.year <= 2022]
    subject = rng.choice(subjects).format(year=m.year)
    refs = [citation(rng, seed, i, n, m.year) for _ in range(rng.randint(1, 3))]
    header(w, m, subject)
    addressees(w, m)
    body(w, m, refs, subject)
    if replaces is not None:
        own = m.title.capitalize() if m.type_code else "Công văn"
        at = next(k for k, line in enumerate(w.lines) if re.match(r"(?:I\. |1\. )", line))
        w.lines.insert(at, f"{own} này thay thế {meta(seed, replaces, n).citation}.")
    signature(w, m, seed)
    return "\n".join(w.lines + CHROME)


def generate(n: int, out_dir: Path, seed: int = 0, chain: tuple[int, ...] = ()) -> list[Path]:
    """Write n raw dispatch files into out_dir (created); return their paths in order.
    `chain`: file numbers each of which replaces the one before it (A → B → C)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    replaced = dict(zip(chain[1:], chain))
    for i in range(n):
        data = compose(seed, i, n, replaced.get(i)).encode("utf-8")
        path = out_dir / f"{i:06d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


@click.command()
@click.argument("n", type=click.IntRange(min=1))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
def main(n: int, out_dir: Path, seed: int) -> None:
    """Write N synthetic raw dispatches into OUT_DIR."""
    paths = generate(n, out_dir, seed)
    size = sum(p.stat().st_size for p in paths)
    click.echo(f"{len(paths)} files, {size / 1e6:.1f} MB in {out_dir}")


if __name__ == "__main__":
    main()

"""Write tests/data/bad/: one small file per kind of bad, odd or hostile input.

Run from the repository root: `python -m tests.data.make_bad_corpus`. Dispatches are
made from the sample corpus, each with its own symbol so that only the intended
duplicates share one. The 20 MB file, the symbolic link and unprintable file names are
made by tests/test_bad_input.py at test time.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from generator.tables import find_project

from .encode_vietnamese import to_tcvn3, to_windows_1258

PROJECT_DIR = find_project()

BAD_DIR = Path(__file__).resolve().parent / "bad"
SEED = (PROJECT_DIR / "corpus" / "000_bdd34a8df0a2e9cd.txt").read_text(encoding="utf-8")
SEED_SYMBOL = "381/BHXH-VP"
HOSTILE_SUBJECT = "V/v <script>alert('subject')</script>: \"trích\" # yếu --- {{ config }} {% raw %}"
HOSTILE_BODY = """<img src=x onerror="document.title='pwned'">
<script>document.body.dataset.pwned = 1</script>
[bấm vào đây](javascript:alert(1)) và ![ảnh](x.png)
{{ config.site_name }} {% include "base.html" %}
---
# Không phải tiêu đề
| a | b |
"""
NOTICE = "Thông báo nghỉ lễ\nCác đơn vị bố trí trực cơ quan theo lịch của Văn phòng.\n"


def dispatch(number: int) -> str:
    """The seed dispatch under another symbol."""
    return SEED.replace(SEED_SYMBOL, f"{number}/BHXH-VP")


def hostile() -> str:
    text = dispatch(906).replace("V/v tập trung triển khai các nhiệm vụ công", HOSTILE_SUBJECT)
    return text.replace("1. Triển khai ngay các công", HOSTILE_BODY + "1. Triển khai ngay các công")


def cut_mid_letter(data: bytes) -> bytes:
    """A download cut off inside a three-byte letter, two thirds of the way in."""
    start = data.index(b"\xe1", len(data) * 2 // 3)
    return data[:start + 2]


def files() -> dict[str, bytes]:
    """File name → bytes of every committed case."""
    rng = random.Random(9)
    seed_lines = dispatch(907).splitlines()
    return {
        "utf8-bom.txt": b"\xef\xbb\xbf" + dispatch(901).encode(),
        "utf16-le-bom.txt": "\ufeff".encode("utf-16-le") + dispatch(902).encode("utf-16-le"),
        "utf16-be-bom.txt": "\ufeff".encode("utf-16-be") + dispatch(903).encode("utf-16-be"),
        "windows-1258.txt": to_windows_1258(dispatch(904)),
        "tcvn3-abc.txt": to_tcvn3(dispatch(905)),
        "nfd.txt": unicodedata.normalize("NFD", dispatch(908)).encode(),
        "crlf.txt": dispatch(909).replace("\n", "\r\n").encode(),
        "cr-only.txt": dispatch(910).replace("\n", "\r").encode(),
        "hostile-markup.txt": hostile().encode(),
        "truncated.txt": "\n".join(seed_lines[14:30]).encode(),
        "duplicate-a.txt": dispatch(911).encode(),
        "duplicate b (copy).txt": dispatch(911).encode(),
        "correction-1.txt": dispatch(912).encode(),
        "correction-2.txt": dispatch(912).replace("nghiêm túc", "khẩn trương").encode(),
        "thông báo.txt": NOTICE.encode(),
        "thong-bao.txt": NOTICE.replace("lễ", "Tết").encode(),
        "Thong Bao.txt": NOTICE.replace("lễ", "hè").encode(),
        "empty.txt": b"",
        "whitespace-only.txt": b" \r\n\t\n  \n",
        "chrome-only.txt": "Tải Văn bản tiếng Việt\nTải Văn bản gốc\nTải Văn bản gốc\n".encode(),
        "nul-bytes.txt": dispatch(913).encode()[:300] + b"\x00\x00\x00" + dispatch(913).encode()[300:600],
        "utf16-no-bom.txt": dispatch(914).encode("utf-16-le")[:2000],
        "binary-pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "binary-random.txt": bytes(rng.randrange(256) for _ in range(3000)),
        "double-encoded.txt": dispatch(915).encode().decode("cp1252", "replace").replace("\ufffd", "").encode(),
        "cut-mid-character.txt": cut_mid_letter(dispatch(916).encode()),
    }


def main() -> None:
    BAD_DIR.mkdir(exist_ok=True)
    for old in BAD_DIR.glob("*.txt"):
        old.unlink()
    for name, data in files().items():
        (BAD_DIR / name).write_bytes(data)
    print(f"wrote {len(files())} files to {BAD_DIR}")


if __name__ == "__main__":
    main()

"""The build report: which inputs became pages, which were rejected, and why."""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__

SHOWN = 10
"""Added pages named in the terminal summary; the rest are counted."""


@dataclass
class Report:
    """What a build did with every input file; written as site/build-report.json."""

    files_read: int = 0
    pages: list[dict] = field(default_factory=list)
    """One {file, url, symbol, encoding} per published page (encoding: how the raw file was
    decoded, e.g. "windows-1258", so an auditor can tell which pages were converted)."""
    rejected: list[dict] = field(default_factory=list)
    """One {file, reason} per input that did not become a page."""
    warnings: list[dict] = field(default_factory=list)
    """One {file, message} per doubt about a published page."""
    needs_review: list[dict] = field(default_factory=list)
    """One {file, url, missing} per published page without a number, a date or a type: the
    files a person should read first (listed at the top of the report)."""
    added: list[dict] = field(default_factory=list)
    """One {file, url} per page this build added to the site of the build before (not in
    build-report.json: what a run did, like the timings)."""
    gone: list[dict] = field(default_factory=list)
    """One {url, source, title, moved_to} per URL of the build before that no page has now: its file
    went away (moved_to "") or its page moved; a page saying so stays there for one build."""
    duplicates: list[dict] = field(default_factory=list)
    """Groups of files that share content or symbol and year: {kind, files}."""

    # How this run went; not part of build-report.json, which must be byte-reproducible.
    parsed_files: int = 0
    """Files repaired and parsed in this run (the others came from the cache)."""
    up_to_date: bool = False
    """True when nothing changed since the last build and no work was done."""
    mkdocs_mode: str = ""
    """"full", "dirty" (only pages whose Markdown changed) or "" when MkDocs did not run."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall seconds per stage, in the order the stages ran."""
    stage: str = ""
    """The stage running now; left set when one fails, so a crash can say where."""
    failure: dict | None = None
    """{stage, file, error, log} when the build itself failed (a bug, not a file's fault):
    written to the cache dir's failed-build-report.json, never to the served site."""

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the `with` body to timings[stage]; `stage` names it meanwhile."""
        start, outer, self.stage = time.perf_counter(), self.stage, stage
        try:
            yield
            self.stage = outer
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    def reject(self, file: str, reason: str) -> None:
        self.rejected.append({"file": file, "reason": reason})

    def review(self, file: str, url: str, missing: list[str]) -> None:
        self.needs_review.append({"file": file, "url": url, "missing": missing})

    def warn(self, file: str, message: str) -> None:
        self.warnings.append({"file": file, "message": message})

    def to_json(self) -> str:
        data = {
            "needs_review": sorted(self.needs_review, key=lambda r: r["file"]),
            "generator_version": __version__,
            "files_read": self.files_read,
            "pages_written": len(self.pages),
            "rejected_count": len(self.rejected),
            "warning_count": len(self.warnings),
            "rejected": sorted(self.rejected, key=lambda r: r["file"]),
            "warnings": sorted(self.warnings, key=lambda w: (w["file"], w["message"])),
            "duplicates": self.duplicates,
            "gone": self.gone,
            "pages": sorted(self.pages, key=lambda p: p["file"]),
        }
        if self.failure:
            data["failure"] = self.failure
        # needs_review first, for the person reading it; the rest in a fixed order.
        head = json.dumps({"needs_review": data.pop("needs_review")}, ensure_ascii=False, indent=2)
        rest = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        return head[:-2] + ",\n" + rest[2:] + "\n"

    def summary(self) -> str:
        """The few lines printed on the terminal after a build."""
        lines = [
            f"Files read: {self.files_read}; pages written: {len(self.pages)}; "
            f"rejected: {len(self.rejected)}; warnings: {len(self.warnings)}"
        ]
        if self.needs_review:
            lines.append(f"  {len(self.needs_review)} pages need a person (no number, date or type, or a field not published):")
            lines += [f"    {r['file']}: no {', no '.join(r['missing'])}" for r in self.needs_review]
        lines += [f"  rejected {r['file']}: {r['reason']}" for r in self.rejected]
        lines += [f"  warning {w['file']}: {w['message']}" for w in self.warnings]
        lines += [
            f"  duplicate ({g['kind']}): {', '.join(g['files'])}" for g in self.duplicates
        ]
        lines += [f"  added: {a['url']} ({a['file']})" for a in self.added[:SHOWN]]
        if len(self.added) > SHOWN:
            lines.append(f"  added: … and {len(self.added) - SHOWN} more pages")
        lines += [f"  {'moved' if g['moved_to'] else 'gone'}: {g['url']} ({g['source']})"
                  + (f" -> {g['moved_to']}" if g["moved_to"] else "") for g in self.gone]
        return "\n".join(lines)


def file_at_fault(exc: BaseException) -> str:
    """The input the innermost frame of `exc`'s traceback was working on: the `source` of a
    dispatch record (generator.model.DispatchMeta) or the `src_uri` of an MkDocs page file
    held in a local variable; "" when no frame holds one (e.g. it failed in a worker process)."""
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            name = getattr(value, "source", None) if hasattr(value, "sha256") else getattr(value, "src_uri", None)
            if isinstance(name, str) and name:
                found = name
        tb = tb.tb_next
    return found


def record_failure(report: Report, exc: BaseException, cache_dir: Path, argv: list[str]) -> str:
    """Write what a build that raised `exc` was doing to cache_dir/build-error.log (with the
    traceback) and cache_dir/failed-build-report.json (the report so far, with `failure`);
    returns the one line to show the user."""
    where = file_at_fault(exc)
    log = cache_dir / "build-error.log"
    report.failure = {"stage": report.stage or "start", "file": where, "error": f"{type(exc).__name__}: {exc}",
                      "log": str(log)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.write_text(f"dispatch-archive {__version__}, {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
                   f"command: {' '.join(argv)}\nstage: {report.failure['stage']}\nfile: {where or '-'}\n\n{trace}",
                   encoding="utf-8")
    (cache_dir / "failed-build-report.json").write_text(report.to_json(), encoding="utf-8")
    on = f" on {where}" if where else ""
    return f"the build failed in its {report.failure['stage']} stage{on} ({report.failure['error']}); details in {log}"

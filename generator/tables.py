"""The project folder and its data tables: chosen when a command runs, loaded once per project.

Nothing is read at import. The project folder in use is the one a command chose (`using`:
`dispatch-archive --project DIR`, BuildConfig.project), else the one `find_project` finds.
Code reads a table with `load_table` and caches what it derives from tables (compiled
patterns, registries, memoised judgements) with `per_project`, keyed by the project folder,
so two projects in one process each get their own.

Every table is checked against site_config/tables.schema.yml (each key present and of its
kind, each regular expression compiling) before any is used; a problem anywhere raises one
ConfigError that lists every problem of every table, so a maintainer fixes them in one go.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path

import yaml

from generator import PROJECT_ENV
from generator.errors import ConfigError

CHECKOUT_DIR = Path(__file__).resolve().parent.parent
INSTALLED_DIR = Path(sys.prefix) / "share" / "dispatch-archive"
"""Where `pip install .` puts the default project folder (pyproject.toml's data-files)."""
SCHEMA = "tables.schema"
_KINDS = {"text": str, "number": (int, float), "list": list, "map": dict, "regex": str, "regexes": list}
_chosen: list[Path] = []
"""The projects `using` chose, innermost last."""


def find_project(named: str | Path | None = None) -> Path:
    """The project folder (mkdocs.yml, site_config/, content/, overrides/, corpus/): `named`,
    else the one $DISPATCH_ARCHIVE_PROJECT names, else the current directory when it is one,
    else the source checkout the package runs from, else the defaults installed with the
    package. Raises ConfigError when the folder named, or none of them, is a project."""
    named = named or os.environ.get(PROJECT_ENV)
    for folder in ([Path(named)] if named else [Path.cwd(), CHECKOUT_DIR, INSTALLED_DIR]):
        if (folder / "mkdocs.yml").is_file() and (folder / "site_config").is_dir():
            return folder.resolve()
    where = named or f"the current directory, {CHECKOUT_DIR} or {INSTALLED_DIR}"
    raise ConfigError(f"no project folder (mkdocs.yml and site_config/) in {where}")


@lru_cache(maxsize=16)
def _found(named: str | None, cwd: str) -> Path:
    return find_project(named)


def project() -> Path:
    """The project folder in use: the innermost `using`'s, else find_project's (ConfigError)."""
    return _chosen[-1] if _chosen else _found(os.environ.get(PROJECT_ENV), os.getcwd())


@contextmanager
def using(folder: str | Path | None = None) -> Iterator[Path]:
    """Within the block, `folder` (find_project checks it is one) is the project in use;
    None keeps the one in use."""
    chosen = find_project(folder) if folder else project()
    _chosen.append(chosen)
    try:
        yield chosen
    finally:
        _chosen.pop()


def use(folder: Path) -> None:
    """Make `folder` the project in use for the rest of this process (a worker's initializer)."""
    _chosen.append(find_project(folder))


def per_project(maxsize: int | None = None) -> Callable[[Callable], Callable]:
    """Decorator: `fn(*args)` cached per project folder and arguments (lru_cache keyed by
    project() too), for anything derived from the tables."""
    def wrap(fn: Callable) -> Callable:
        cached = lru_cache(maxsize)(lambda folder, *args, **kwargs: fn(*args, **kwargs))

        @wraps(fn)
        def get(*args, **kwargs):
            return cached(_chosen[-1] if _chosen else project(), *args, **kwargs)
        get.cache_clear = cached.cache_clear
        return get
    return wrap


def tables_dir() -> Path:
    """site_config/ of the project in use."""
    return project() / "site_config"


def _read(folder: Path, name: str):
    with open(folder / "site_config" / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _problems(name: str, table, schema: dict) -> list[str]:
    """What is wrong with one table, as "site_config/<name>.yml: key: reason" lines."""
    where = f"site_config/{name}.yml"
    if not isinstance(table, dict):
        return [f"{where}: not a mapping of keys"]
    problems = []
    for key, kind in schema.items():
        value = table.get(key)
        if key not in table:
            problems.append(f"{where}: {key}: missing ({kind})")
        elif not isinstance(value, _KINDS[kind]):
            problems.append(f"{where}: {key}: should be {kind}, is {type(value).__name__}")
        else:
            for pattern in [value] if kind == "regex" else value if kind == "regexes" else []:
                try:
                    re.compile(pattern)
                except (re.error, TypeError) as e:
                    problems.append(f"{where}: {key}: regular expression {pattern!r}: {e}")
    return problems


@lru_cache(maxsize=None)
def _checked(folder: Path) -> dict:
    try:
        schema = _read(folder, SCHEMA)
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{folder}/site_config/{SCHEMA}.yml: cannot be read: {e}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{folder}/site_config/{SCHEMA}.yml: not a mapping of table names")
    problems, tables = [], {}
    for name, keys in schema.items():
        try:
            tables[name] = _read(folder, name)
        except (OSError, yaml.YAMLError) as e:
            problems.append(f"site_config/{name}.yml: cannot be read: {e}")
            continue
        problems += _problems(name, tables[name], keys or {})
    if problems:
        raise ConfigError(f"the data tables of {folder} need fixing:\n  " + "\n  ".join(problems))
    return tables


def check_tables() -> dict:
    """Read and check every table the schema names, of the project in use: {name: parsed
    YAML}, once per project; raise ConfigError listing all problems."""
    return _checked(project())


@per_project()
def load_table(name: str):
    """The parsed YAML of site_config/<name>.yml of the project in use (all tables checked
    first: check_tables, which has read the tables the schema names)."""
    tables = check_tables()
    if name in tables:
        return tables[name]
    try:
        return _read(project(), name)
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{project()}/site_config/{name}.yml: cannot be read: {e}") from None

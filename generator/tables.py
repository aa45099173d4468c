"""The data tables of site_config/: checked together on first use, then loaded once per process.

Every table is checked against site_config/tables.schema.yml (each key present and of its
kind, each regular expression compiling) before any is used; a problem anywhere raises one
ConfigError that lists every problem of every table, so a maintainer fixes them in one go.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml

from generator import PROJECT_ENV

CHECKOUT_DIR = Path(__file__).resolve().parent.parent
INSTALLED_DIR = Path(sys.prefix) / "share" / "dispatch-archive"
"""Where `pip install .` puts the default project folder (pyproject.toml's data-files)."""


def find_project() -> Path:
    """The project folder (mkdocs.yml, site_config/, content/, overrides/, corpus/): the one
    named by $DISPATCH_ARCHIVE_PROJECT, else the current directory when it is one, else the
    source checkout the package runs from, else the defaults installed with the package."""
    named = os.environ.get(PROJECT_ENV)
    for folder in ([Path(named)] if named else [Path.cwd(), CHECKOUT_DIR, INSTALLED_DIR]):
        if (folder / "mkdocs.yml").is_file() and (folder / "site_config").is_dir():
            return folder.resolve()
    where = named or f"the current directory, {CHECKOUT_DIR} or {INSTALLED_DIR}"
    raise SystemExit(f"dispatch-archive: no project folder (mkdocs.yml and site_config/) in {where}")


PROJECT_DIR = find_project()
"""The project folder in use: site_config/, content/, overrides/, mkdocs.yml and the sample corpus."""
TABLES_DIR = PROJECT_DIR / "site_config"
SCHEMA = "tables.schema"
_KINDS = {"text": str, "number": (int, float), "list": list, "map": dict, "regex": str, "regexes": list}


class ConfigError(Exception):
    """One or more data tables are missing, unreadable or not of the form their code reads."""


def _read(name: str):
    with open(TABLES_DIR / f"{name}.yml", encoding="utf-8") as f:
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
def check_tables() -> dict:
    """Read and check every table the schema names: {name: parsed YAML}; raise ConfigError
    listing all problems."""
    schema = _read(SCHEMA)
    problems, tables = [], {}
    for name, keys in schema.items():
        try:
            tables[name] = _read(name)
        except (OSError, yaml.YAMLError) as e:
            problems.append(f"site_config/{name}.yml: cannot be read: {e}")
            continue
        problems += _problems(name, tables[name], keys or {})
    if problems:
        raise ConfigError("the data tables need fixing:\n  " + "\n  ".join(problems))
    return tables


@lru_cache(maxsize=None)
def load_table(name: str):
    """The parsed YAML of site_config/<name>.yml (all tables checked first: check_tables,
    which has read the tables the schema names)."""
    tables = check_tables()
    return tables[name] if name in tables else _read(name)

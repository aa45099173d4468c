"""The data tables of site_config/, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The repository: site_config/, content/, overrides/, mkdocs.yml and the sample corpus."""
TABLES_DIR = PROJECT_DIR / "site_config"


@lru_cache(maxsize=None)
def load_table(name: str):
    """Return the parsed YAML of site_config/<name>.yml."""
    with open(TABLES_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)

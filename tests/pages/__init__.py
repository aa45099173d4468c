"""Tests of the pages stage (generator/pages)."""

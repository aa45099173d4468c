"""Tests of the reading stage (generator/reading): one file per step, and the real documents."""

"""Tests of the publishing stage (generator/publishing)."""

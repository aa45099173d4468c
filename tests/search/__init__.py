"""Tests of search (generator/search): the Python side, the index against lunr's Builder, and the browser."""

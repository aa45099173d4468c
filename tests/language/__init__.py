"""Tests of the language stage (generator/language)."""

"""Tests of the auditors' bundle (generator/bundle) and of the site opened from disk."""

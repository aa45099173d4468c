"""Bundle: the auditors' zip of a built site with its raw files, manifest and build info
(`archive`), and `verify`, which checks a zip against its manifest and catalog."""

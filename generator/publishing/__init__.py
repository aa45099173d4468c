"""Publishing: the staged pages turned into the site on disk.

`staging` writes the docs tree (dispatch pages in worker processes, only those whose
inputs changed), `site` runs MkDocs as a library over it, `epoch` pins the build date to
the inputs so that two builds of the same files are identical.
"""

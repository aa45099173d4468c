"""Pages: the Markdown the archive is made of, from the read dispatches.

`catalog` gives each dispatch its id, URL and published record; `links` resolves
references between dispatches; `write` writes a dispatch's page (front matter and
body, the body's Markdown by `markdown`); `browse` the home, year, type and month pages; `indexes` the unit, task, signer and
reference pages; `charts` their SVG charts; `finished_html` is the Markdown extension that
passes the generator's finished HTML blocks through.
"""

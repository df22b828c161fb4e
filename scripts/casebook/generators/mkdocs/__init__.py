"""The MkDocs adapter, the default build: the plugin (``plugin``) calls the
core's steps from MkDocs' events; ``shell`` and ``shellpage`` write case and
listing pages from one rendered theme page, ``fastpage`` keeps raw HTML out
of Markdown, ``serve`` holds ``mkdocs serve``'s state between rebuilds."""

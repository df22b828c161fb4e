"""Practice Casebook core: load, validate, link and render case files.

Nothing in this package imports MkDocs except ``casebook.mkdocs_plugin``,
the thin adapter that feeds the generated pages to the site generator.
"""

__version__ = "0.1.0"

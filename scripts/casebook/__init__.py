"""Practice Casebook core: load, validate, link and render case files.

The folders follow the build's phases (see scripts/README.md): ``load``,
``link``, ``render``, ``search``, ``outputs``, with ``common`` under them all.
Nothing outside ``casebook.generators`` imports a site generator; the MkDocs
plugin (``casebook.generators.mkdocs.plugin``) and the Zensical path call the
core through ``casebook.build``.
"""

__version__ = "0.1.0"

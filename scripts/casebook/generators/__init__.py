"""Everything that knows a site generator.

The core (loading, checking, linking, rendering, search, outputs) hands its
pages and files over through ``casebook.build``; what is here adapts them to
one generator or another:

* ``tree``: ``casebook render``, the casebook as a plain MkDocs-style input
  tree (Markdown pages, assets, a generated configuration) that any
  MkDocs-compatible generator builds without a plugin; ``casebook finish``
  adds the files that are not pages to the built site;
* ``zensical``: ``casebook build --generator zensical``, the tree built with
  Zensical;
* the MkDocs plugin (``casebook.generators.mkdocs.plugin`` and its helpers), the default,
  which calls the same steps from MkDocs' events.
"""

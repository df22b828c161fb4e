"""Phase 5, outputs: everything written besides the pages. ``postbuild``
runs the steps after the site generator (search index, schema, downloads);
``export`` writes the open data files, ``compare`` and ``handout`` the data
behind the comparison and handout pages, ``offline`` the copy that works
from a folder (file://)."""

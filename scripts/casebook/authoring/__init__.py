"""Tools for the people who write cases, not part of the build: the article
importer (``importer``), new-case templates (``scaffold``), the contributor
guide's field tables (``schemadoc``), canonical YAML (``yamlwrite``, ``fmt``)
and the browser form (``cms``)."""

"""The browser form (Decap CMS): configuration generated from the schemas,
the editor folder, and ``casebook edit`` on the local checkout."""

"""Phase 2, linking: what joins cases to each other and to the glossary,
added to the rendered pages through ``render.pages`` hooks: computed related
cases (``related``), glossary terms linked at first mention
(``glossary_links``), the citation block (``citation``) and the pages that
keep old case ids working (``redirects``)."""

"""What ``mkdocs serve`` keeps between rebuilds (issue #8: an edit shows in
under 3 s with 1,000 cases).

A rebuild writes the edited and new cases and the listing pages before the
browser reloads; every other page, the search index and the downloads are
rewritten by background workers, which the next rebuild cancels.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from . import related, urls
from .project import Project


class ServeState:
    def __init__(self, dirty: bool):
        self.dirty = dirty
        self._markdown: dict[str, str] = {}  # --dirty: last Markdown written per page
        self._cases: dict[str, str] | None = None  # each case's content at the last build
        self.background: list = []  # workers still running for the last build (anything with .cancel())
        self._warmed = False

    @property
    def rebuilding(self) -> bool:
        """After the first build: the site folder already holds every page."""
        return self._cases is not None

    def cancel(self) -> None:
        for worker in self.background:
            if worker is not None:
                worker.cancel()
        self.background = []

    def page_file(self, root: Path, src: str, markdown: str) -> str:
        """--dirty: the page as a file that changes only when its text does,
        so MkDocs rebuilds just the pages an edit touched."""
        path = root / ".cache" / "casebook" / "serve-pages" / src
        if self._markdown.get(src) != markdown or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
            self._markdown[src] = markdown
        return str(path)

    def first_pages(self, project: Project, srcs) -> set[str] | None:
        """Of the shell pages ``srcs``, those to write before the browser reloads:
        listing pages and edited or new cases (other cases follow in the
        background: their related links may change too). None: all of them."""
        digests = {c.id: hashlib.sha1(repr(c.data).encode("utf-8")).hexdigest() for c in project.cases}
        previous, self._cases = self._cases, digests
        if previous is None:
            return None
        changed = {urls.case_src(i) for i, d in digests.items() if previous.get(i) != d}
        return {src for src in srcs if not src.startswith("cases/") or src in changed}

    def warm_up(self, project: Project) -> None:
        """Load jieba for the related links after the first build, not after the first edit."""
        if not self._warmed:
            self._warmed = True
            threading.Thread(target=related.segmenter, args=(related.glossary_words(project),), daemon=True).start()

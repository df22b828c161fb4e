"""What ``mkdocs serve`` keeps between rebuilds (issue #8: an edit shows in
under 3 s with 1,000 cases).

A rebuild writes the edited and new cases and the listing pages before the
browser reloads; every other page, the search index and the downloads are
rewritten by background workers, which the next rebuild cancels.

A file with problems does not stop the server (issue #20): the last project
that had none is built again, and every page shows the problems
(``templates/serve-problems.js``) until they are fixed; the browser reloads
after each rebuild as usual. Started with problems, it serves an empty
casebook with them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from ...common import urls
from ...common.problems import Problem, visible
from ...link import related
from ...load.project import Project, Vocab

PROBLEMS_SCRIPT = "assets/casebook-serve.js"
_BANNER = Path(__file__).parents[2] / "templates" / "serve-problems.js"


class ServeState:
    def __init__(self, dirty: bool):
        self.dirty = dirty
        self._markdown: dict[str, str] = {}  # --dirty: last Markdown written per page
        self._cases: dict[str, str] | None = None  # each case's content at the last build
        self.background: list = []  # workers still running for the last build (anything with .cancel())
        self._warmed = False
        self.good: Project | None = None  # the last project without problems
        self.problems: list[Problem] = []  # of the files as they are now

    def servable(self, project: Project) -> Project:
        """The project to build: this one when it has no problems, else the
        last one that had none (an empty casebook before there was one)."""
        self.problems = list(project.problems)
        if not project.problems:
            self.good = project
        elif self.good is None:
            self.good = Project(root=project.root, cases=[], vocab=Vocab(), problems=[], extra={"site_url": project.extra.get("site_url", "")})
        return self.good

    def script_tag(self, page_url: str) -> str:
        return f'<script src="{"../" * page_url.count("/")}{PROBLEMS_SCRIPT}"></script>'

    def write_problems(self, site_dir: Path) -> None:
        """The problems as every page shows them (none: nothing shown)."""
        listed = [[visible(f"{p.path}:{p.line}:{p.column}"), visible(p.message)] for p in sorted(self.problems)]
        data = json.dumps(listed, ensure_ascii=False).replace("</", "<\\/")
        path = site_dir / PROBLEMS_SCRIPT
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"window.casebookServeProblems = {data};\n" + _BANNER.read_text(encoding="utf-8"), encoding="utf-8")

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

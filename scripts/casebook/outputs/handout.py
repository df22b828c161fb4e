"""The handout (讲义): a trainer's own pack of cases and practices, printed or taken as Word.

``handout/`` is one page for every pack. The pack lives in its address
(``?items=a,b:p1:p2&title=…&question=…``) and in the reader's basket
(localStorage), both read in the browser by ``casebook-handout-page.js``; the
case data comes from the comparison page's per-case scripts
(``casebook.outputs.compare``), so nothing here grows with the number of cases.

Word files, of a handout and of a training module alike, are made in the
browser by one script (``casebook-word.js``) with the docx library, pinned in
``tools/docx`` and bundled by ``make install``; ``publish_word_library``
copies the bundle into the site. A pack can also leave as a
``modules/<id>.yaml`` draft: its comments come from the module schema
(``module_draft_fields``), as ``casebook new`` writes them for cases.
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

from ..authoring import scaffold
from ..common import urls
from ..common.urls import SiteUrls
from ..load import schemas
from ..load.project import Project
from ..modules import MODULE_INDEX
from ..render.pages import EXTRA_PAGES, Renderer
from ..render.text import script_json
from .compare import COMPARE_SRC
from .postbuild import STEPS, StepError

HANDOUT_SRC = urls.HANDOUT
WORD_LIBRARY = "assets/javascripts/vendor/docx.min.js"  # under the site root; casebook-handout.js loads it from there
WORD_LIBRARY_BUILD = Path("tools/docx/build/docx.min.js")  # from the repository root, made by `make install`
MODULE_SCHEMA_LINE = "# yaml-language-server: $schema=../scripts/casebook/schema/module.schema.json"


def module_draft_fields() -> dict:
    """What the browser needs to write a module file draft, from the module schema:
    each field's comment (as ``casebook new`` writes it), whether it is required,
    and the placeholder lines it gets when the pack has no value for it."""
    schema = schemas.load_schema("module")

    def fields(obj: dict) -> list[dict]:
        required = set(obj.get("required", []))
        out = []
        for name, sub in obj["properties"].items():
            items = sub.get("items", {})
            if sub.get("type") == "array" and sub.get("minItems") and items.get("type") != "object":
                empty = [f"{name}:", *scaffold.render_item(items, None, 1)]
            elif sub.get("type") == "array":
                empty = [f"{name}: []"]
            else:
                empty = [f"{name}: {scaffold.scalar(scaffold.placeholder(sub))}"]
            out.append({"name": name, "required": name in required, "comment": scaffold.field_comment(name, sub, name in required), "empty": empty})
        return out

    return {
        "schema_line": MODULE_SCHEMA_LINE,
        "title": schema["title"],
        "fields": fields(schema),
        "case_fields": fields(schema["properties"]["cases"]["items"]),
        "indent": scaffold.INDENT,
    }


def handout_page(project: Project, renderer: Renderer) -> dict[str, str]:
    page_dir = posixpath.dirname(renderer.urls.file_url(HANDOUT_SRC)) or "."
    module = schemas.load_schema("module")["properties"]
    return {HANDOUT_SRC: renderer.render(
        "handout.md.j2",
        src=HANDOUT_SRC,
        script=posixpath.relpath("assets/javascripts/casebook-handout-page.js", page_dir),
        site_root=posixpath.relpath(".", page_dir) + "/",
        compare_src=COMPARE_SRC,
        module_index_src=MODULE_INDEX,
        total=len(project.cases),
        # a pack's title and questions fit a module file, so its draft validates
        title_max=module["title"]["maxLength"],
        question_max=module["questions"]["items"]["maxLength"],
        draft=script_json(module_draft_fields()),
    )}


def repository_root(start: Path = Path(__file__).resolve()) -> Path | None:
    """The checkout this package runs from (the folder holding tools/docx), wherever the package sits in it."""
    for folder in start.parents:
        if (folder / "tools" / "docx" / "package.json").is_file():
            return folder
    return None


def publish_word_library(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """Post-build step: the bundled docx library (and its licence) beside the site's scripts."""
    root = repository_root()
    bundle = root / WORD_LIBRARY_BUILD if root else None
    if bundle is None or not bundle.is_file():
        raise StepError(f"缺少生成 Word 文件用的 docx 库（{WORD_LIBRARY_BUILD}）。请先运行 make install（需要 Node.js 和 npm），再构建网站。")
    out = site_dir / WORD_LIBRARY
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundle, out)
    shutil.copyfile(bundle.with_name("docx.LICENSE.txt"), out.with_name("docx.LICENSE.txt"))


EXTRA_PAGES.append(handout_page)
STEPS.append(publish_word_library)

"""Hand MkDocs the raw HTML of a generated page without parsing it twice.

Generated pages are Markdown headings between raw HTML blocks. MkDocs feeds
every page through Python's HTMLParser twice (once to find anchor ids, once in
Python-Markdown's raw-HTML preprocessor): on a case page that is most of the
build time. Raw HTML blocks come out of Markdown unchanged, so ``stash``
swaps each top-level block for a one-word placeholder paragraph before
Markdown runs and ``restore`` puts the block back afterwards; headings,
front matter and anything else stay Markdown. The ids inside the blocks are
reported to MkDocs as MkDocs itself would find them.

A block is stashed only when it is unmistakably raw HTML: it starts a line
with a block-level tag after a blank line, and every element in it closes
before the next blank line. A page with any other kind of HTML is left to
Markdown whole. ``tests/test_fastpage.py`` checks that both ways give the
same HTML and the same anchors for every generated page.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

# Python-Markdown's block-level tags that templates start blocks with.
BLOCK_TAGS = frozenset("address article aside blockquote details dialog dd div dl dt fieldset figcaption figure footer form "
                       "h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section table ul".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Attribute values from templates are escaped (autoescape turns > into &gt;), so a tag ends at the first >.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|<!--.*?-->", re.S)
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)[\s>/]")
_ID = re.compile(r"""<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)\s[^>]*?>""", re.S)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
PLACEHOLDER = "CASEBOOKRAWHTML{}X"
_FENCE = re.compile(r"^(```|~~~)", re.M)


_TAG_PARTS = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|(<!--.*?-->)", re.S)


def _raw_block(block: str) -> bool:
    """True when ``block`` is one or more complete top-level HTML elements and nothing else."""
    parts = _TAG_PARTS.split(block)  # text, closing, name, self-closing, comment, text, ...
    stack: list[str] = []
    for i in range(1, len(parts), 5):
        closing, name, selfclose, comment = parts[i : i + 4]
        if not stack:
            text = parts[i - 1]
            if text.strip() or comment is not None:
                return False  # text or a comment outside any element: Markdown's business
            if closing or name.lower() not in BLOCK_TAGS:
                return False
            if (i > 1 or text) and not text.endswith("\n"):
                return False  # a top-level element must start a line
        if comment is not None:
            continue
        name = name.lower()
        if name in VOID_TAGS or selfclose:
            continue
        if closing:
            if not stack or stack[-1] != name:
                return False  # unbalanced: leave it to Markdown
            stack.pop()
        else:
            stack.append(name)
    return not stack and not parts[-1].strip()


def stash(markdown: str) -> tuple[str, list[str]] | None:
    """(Markdown with placeholders, stashed blocks), or None to leave the page to Markdown."""
    if _FENCE.search(markdown):
        return None
    blocks = re.split(r"(\n(?:[ \t]*\n)+)", markdown)
    stashed: list[str] = []
    stashed_at: set[int] = set()
    out = []
    for i, block in enumerate(blocks):
        if i % 2 == 1:  # a separator
            out.append(block)
            continue
        body = block.rstrip()
        if block.startswith("<") and _START.match(block):
            if not _raw_block(body):
                return None  # HTML we are not sure about: the whole page goes to Markdown
            out.append(PLACEHOLDER.format(len(stashed)) + block[len(body):])
            stashed.append(body + "\n")
            stashed_at.add(i)
        else:
            if "<" in block and re.search(r"(^|\n)[ \t]*<[a-zA-Z/!]", block):
                return None  # HTML starting inside a Markdown block
            out.append(block)
    # Markdown keeps a raw block's line break, so one is followed by an empty
    # line in the HTML, except at the very end of the page.
    last = max((i for i, b in enumerate(blocks) if i % 2 == 0 and b.strip()), default=-1)
    if last in stashed_at:
        stashed[-1] = stashed[-1].rstrip("\n")
    return "".join(out), stashed


_PLACEHOLDER_RE = re.compile(PLACEHOLDER.replace("{}", "[0-9]+"))


def is_placeholder(text: str) -> bool:
    return _PLACEHOLDER_RE.fullmatch(text) is not None


def restore(content: str, stashed: list[str]) -> str:
    """Put every stashed block back where Markdown left its placeholder paragraph."""
    for n in range(len(stashed) - 1, -1, -1):  # high numbers first: 1 is a prefix of 10
        key = PLACEHOLDER.format(n)
        wrapped = f"<p>{key}</p>"
        if wrapped not in content:
            raise ValueError(f"placeholder {key} lost in Markdown output")
        content = content.replace(wrapped, stashed[n], 1)
    return content


def anchor_ids(stashed: list[str]) -> set[str]:
    """The ids MkDocs' own raw-HTML scan would find: every id, and name on <a>."""
    out: set[str] = set()
    for block in stashed:
        if "id=" not in block and "name=" not in block:
            continue
        for m in _ID.finditer(block):
            tag = m.group("tag").lower()
            for a in _ATTR.finditer(m.group(0)[len(tag) + 1 : -1]):
                key = a.group(1).lower()
                if key == "id" or (key == "name" and tag == "a"):
                    value = next(v for v in a.groups()[1:] if v is not None)
                    out.add(html.unescape(value))
    return out


_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def squeeze_whitespace(page: str) -> str:
    """Drop line indentation and blank lines, keeping one line break wherever
    there was whitespace: HTML renders the same (whitespace collapses), and
    <pre>, <textarea>, <script> and <style> are left untouched. The theme's
    templates indent every line; on a case page that is about a tenth of it."""
    parts = _KEEP.split(page)
    out = []
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_JSON_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def _compact_config(m: re.Match) -> str:
    return m.group(1) + _compact_config_json(m.group(2)) + m.group(3)


@lru_cache(maxsize=64)
def _compact_config_json(raw: str) -> str:
    """Pages at the same depth carry the same settings: each text is rewritten once."""
    import json

    config = json.loads(raw)
    # Material's own search is off (casebook-search replaces it): its strings are never shown.
    translations = config.get("translations") or {}
    config["translations"] = {k: v for k, v in translations.items() if not k.startswith("search.")}
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.translate(_JSON_HTML_SAFE)


def finish_page(page: str) -> str:
    """Every page's last step: the theme's settings script written compactly
    (Chinese as UTF-8, not \\u escapes; about 1 KB a page) and whitespace squeezed."""
    return squeeze_whitespace(_CONFIG.sub(_compact_config, page, count=1))

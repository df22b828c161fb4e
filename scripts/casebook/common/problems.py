"""A problem found in an input file, reported as ``path:line:col: message``."""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass

_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def visible(text: str) -> str:
    """Line breaks, control and invisible characters (from a file's values)
    spelled out as \\n or \\u200d: a message stays one line, and nothing in
    it can steer the terminal it is printed on."""
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _HIDDEN else c for c in text).replace("\\u000a", "\\n")


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based
    column: int  # 1-based
    message: str  # Chinese, says what to change

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line}:{self.column}: {visible(self.message)}"

    def github_annotation(self) -> str:
        # Workflow-command escaping: %, CR and LF must be encoded in the message.
        msg = visible(self.message).replace("%", "%25")
        return f"::error file={visible(self.path)},line={self.line},col={self.column}::{msg}"


class ProblemsFound(Exception):
    """Raised when input files have problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    files = len({p.path for p in problems})
    lines.append(f"共发现 {len(problems)} 个问题，涉及 {files} 个文件。请按提示逐条修改后重新运行 make validate。")
    return "\n".join(lines)


def report(problems: list[Problem]) -> None:
    """Plain lines for people; GitHub annotations too when run in Actions."""
    print(format_problems(problems), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in sorted(problems):
            print(p.github_annotation())
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(f"### 案例校验未通过：{len(problems)} 个问题\n\n")
                fh.writelines(f"- `{p.path}:{p.line}:{p.column}` {p.message}\n" for p in sorted(problems))

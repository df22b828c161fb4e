"""A problem found in an input file, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based
    column: int  # 1-based
    message: str  # Chinese, says what to change

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def github_annotation(self) -> str:
        # Workflow-command escaping: %, CR and LF must be encoded in the message.
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.column}::{msg}"


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

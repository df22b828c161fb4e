"""In GitHub Actions, `casebook validate` also prints ::error annotations and a job summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.cli import main

CASE = "cases/shili-xian-liangxiang-zhidu.yaml"


@pytest.fixture
def broken_book(fixture_book) -> Path:
    root = fixture_book
    path = root / CASE
    text = path.read_text(encoding="utf-8")
    assert "status: ongoing" in text and "level: county" in text
    text = text.replace("status: ongoing", "status: 进行中", 1).replace("level: county", "level: county\nsumary: 拼错的字段", 1)
    path.write_text(text, encoding="utf-8")
    return root


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_annotations_and_step_summary(broken_book, tmp_path, monkeypatch, capsys):
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    assert main(["--root", str(broken_book), "validate"]) == 1
    out, err = capsys.readouterr()

    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2, out
    status_line = line_of(broken_book / CASE, "status: 进行中")
    typo_line = line_of(broken_book / CASE, "sumary:")
    assert any(a.startswith(f"::error file={CASE},line={status_line},col=") and "status（实施状态）" in a for a in annotations)
    assert any(a.startswith(f"::error file={CASE},line={typo_line},col=") and "是不是想写 summary" in a for a in annotations)
    for a in annotations:
        assert re.match(r"^::error file=[^,]+,line=\d+,col=\d+::\S", a)
        assert "\n" not in a
    # people still get the plain messages on stderr
    assert f"{CASE}:{status_line}:" in err

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### 案例校验未通过：2 个问题")
    assert f"`{CASE}:{status_line}:" in text and f"`{CASE}:{typo_line}:" in text


def test_no_annotations_outside_actions(broken_book, monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["--root", str(broken_book), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "::error" not in out + err
    assert "共发现 2 个问题" in err

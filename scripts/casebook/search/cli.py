"""``casebook search-dict``: show what the search segmenter is told.

Prints (or writes) the domain dictionary in jieba's format, ``word freq
kind``, and with ``--check TEXT`` shows how a text is cut with it, so an
editor can see whether a new formulaic term stays one word.
"""

from __future__ import annotations

import argparse
import sys

from ..common.problems import format_problems
from ..load import load_project
from .dictionary import domain_words, write_dictionary
from .normalize import normalize
from .tokenize import DOMAIN_FREQ, Segmenter


def main(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    if project.problems:
        print(format_problems(project.problems), file=sys.stderr)
        return 1
    words = domain_words(project)
    if args.check:
        segmenter = Segmenter(words)
        print(" / ".join(segmenter.cut(normalize(args.check))))
        return 0
    if args.out:
        write_dictionary(words, args.out, DOMAIN_FREQ)
        print(f"已写入 {args.out}：{len(words)} 个词。", file=sys.stderr)
    else:
        sys.stdout.write("".join(f"{w} {DOMAIN_FREQ} {kind}\n" for w, kind in words.items()))
    return 0

"""The ``casebook`` command. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .problems import Problem, format_problems


def _report(problems: list[Problem]) -> None:
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


def cmd_validate(args: argparse.Namespace) -> int:
    from .project import load_project
    from .extensions import load_extensions

    project = load_project(args.root)
    load_extensions(project)
    if project.problems:
        _report(project.problems)
        return 1
    print(f"校验通过：{len(project.cases)} 个案例，{len(project.vocab.glossary)} 个提法词条，{len(project.vocab.themes)} 个主题。")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import main as scaffold_main

    return scaffold_main(args)


def cmd_import(args: argparse.Namespace) -> int:
    from .importer.cli import main as import_main

    return import_main(args)


def _config_path(args: argparse.Namespace) -> Path:
    return args.config if args.config.is_absolute() else args.root / args.config


def cmd_render(args: argparse.Namespace) -> int:
    from .generators import tree

    try:
        config, project = tree.load(_config_path(args), args.root)
        if project.problems:
            _report(project.problems)
            return 1
        written = tree.render_tree(project, config, _config_path(args).parent, args.out, args.site_dir)
    except tree.TreeError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写出 {written.pages} 个生成页面和网站配置 {written.config}。用任一兼容 MkDocs 的生成器构建它，再运行 casebook finish。")
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    from .generators import tree

    try:
        config, project = tree.load(_config_path(args), args.root)
        if project.problems:
            _report(project.problems)
            return 1
        tree.finish_site(project, config, args.site)
    except tree.TreeError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写入搜索索引、数据下载等：{args.site}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    if args.generator == "zensical":
        from .generators import tree, zensical

        try:
            return zensical.build_site(_config_path(args), args.root, args.site_dir, args.tree_dir)
        except tree.TreeError as exc:
            print(exc, file=sys.stderr)
            return 2
    import subprocess

    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(_config_path(args))]
    if args.site_dir is not None:
        command += ["--site-dir", str(args.site_dir)]
    return subprocess.run(command).returncode


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench.cli import main as bench_main

    return bench_main(args)


def cmd_search_dict(args: argparse.Namespace) -> int:
    from .search.cli import main as search_dict_main  # search (issue #4)

    return search_dict_main(args)


def cmd_schemadoc(args: argparse.Namespace) -> int:
    from .schemadoc import main as schemadoc_main

    return schemadoc_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description="实践案例库工具：校验案例、新建案例、导入文章、构建网站、性能测试。")
    parser.add_argument("--root", type=Path, default=Path("."), help="案例库仓库根目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="校验 cases/ 中的全部案例和词表")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new", help="按模板新建一个案例文件")
    p.add_argument("title", help="案例标题")
    p.add_argument("--id", dest="case_id", help="案例编号（默认由标题拼音生成）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="清理一篇网页抓取的文章，生成案例草稿")
    p.add_argument("article", type=Path, help="文章文件（.txt 或 .html）")
    p.add_argument("--out", type=Path, help="输出目录（默认与文章同目录）")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("schemadoc", help="由 JSON Schema 生成贡献指南中的字段说明")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="更新 docs/contributing.md 和 CONTRIBUTING.md")
    mode.add_argument("--check", action="store_true", help="只检查两份文件是否为最新，不是则退出码为 1")
    p.set_defaults(func=cmd_schemadoc)

    config_help = "网站配置文件（默认仓库根目录的 mkdocs.yml；离线版用 mkdocs.offline.yml）"
    p = sub.add_parser("render", help="把整个案例库写成不需要插件的 MkDocs 式输入目录（Markdown 页面、资源、网站配置）")
    p.add_argument("--out", type=Path, required=True, help="输出目录（空目录，或上次 casebook render 的输出）")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=config_help)
    p.add_argument("--site-dir", type=Path, help="生成器输出网站的目录（默认取网站配置的 site_dir）")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("finish", help="在生成器建好的网站里写入页面以外的文件（搜索索引、数据下载、JSON Schema、对比数据）")
    p.add_argument("site", type=Path, help="建好的网站目录")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=config_help)
    p.set_defaults(func=cmd_finish)

    p = sub.add_parser("build", help="构建网站：--generator mkdocs（默认，casebook 插件）或 zensical（render → zensical build → finish）")
    p.add_argument("--generator", choices=("mkdocs", "zensical"), default="mkdocs", help="网站生成器")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=config_help)
    p.add_argument("--site-dir", type=Path, help="输出目录（默认取网站配置的 site_dir）")
    p.add_argument("--tree-dir", type=Path, help="zensical：casebook render 的输出目录（默认 build/zensical）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("bench", help="用合成案例测试构建和搜索性能")
    p.add_argument("--cases", type=int, action="append", help="案例数，可重复（默认 1000 和 10000）")
    p.add_argument("--out", type=Path, help="工作目录（默认临时目录）")
    p.add_argument("--baseline", action="store_true", help="同时用原版 Material 构建同一语料作对照")
    p.add_argument("--zensical", action="store_true", help="同时用 Zensical 构建同一个案例库（make build GENERATOR=zensical）")
    p.add_argument("--live-edit", dest="live_edit", action=argparse.BooleanOptionalAction, default=None,
                   help="测量 mkdocs serve 显示修改的用时（默认只在案例数 ≤ 1000 时测）")
    p.add_argument("--no-browser", dest="browser", action="store_false", help="不启动浏览器测搜索")
    p.add_argument("--baseline-nav-max", type=int, default=2000, help="原版 Material 全部页面进导航的对照只在案例数不超过此值时构建")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("search-dict", help="输出搜索分词用的领域词典（jieba 词典格式），检查提法是否整词切分")
    p.add_argument("--out", type=Path, help="写入这个文件（默认输出到屏幕）")
    p.add_argument("--check", metavar="文本", help="用领域词典切分这段文本并显示结果")
    p.set_defaults(func=cmd_search_dict)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

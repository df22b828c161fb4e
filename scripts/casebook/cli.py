"""The ``casebook`` command. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common.problems import report


def cmd_validate(args: argparse.Namespace) -> int:
    from .load import load_project
    from .load.extensions import load_extensions

    project = load_project(args.root)
    load_extensions(project)
    for warning in sorted(project.warnings):
        print(warning, file=sys.stderr)
    if project.problems:
        report(project.problems)
        return 1
    print(f"校验通过：{len(project.cases)} 个案例，{len(project.vocab.glossary)} 个提法词条，{len(project.vocab.themes)} 个主题。")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .authoring.scaffold import main as scaffold_main

    return scaffold_main(args)


def cmd_import(args: argparse.Namespace) -> int:
    from .authoring.importer.cli import main as import_main

    return import_main(args)


def cmd_import_eval(args: argparse.Namespace) -> int:
    from .authoring.importer.evaluate import main as evaluate_main

    return evaluate_main(args)


def cmd_fmt(args: argparse.Namespace) -> int:
    from .authoring.fmt import main as fmt_main

    return fmt_main(args)


def cmd_edit(args: argparse.Namespace) -> int:
    from .authoring.cms.edit import main as edit_main

    return edit_main(args)


def cmd_admin(args: argparse.Namespace) -> int:
    from .authoring.cms.admin import main as admin_main

    return admin_main(args)


def _config_path(args: argparse.Namespace) -> Path:
    return args.config if args.config.is_absolute() else args.root / args.config


INTERRUPTED = "构建已中断（Ctrl-C）：输出目录可能只写了一部分，请重新运行。"


def _checked(args: argparse.Namespace):
    """The site configuration and the checked project, or the exit status
    (problems reported as ``casebook validate`` reports them)."""
    from .generators import tree

    config, project = tree.load(_config_path(args), args.root)
    for warning in sorted(project.warnings):
        print(warning, file=sys.stderr)
    if project.problems:
        report(project.problems)
        return 1
    return config, project


def cmd_render(args: argparse.Namespace) -> int:
    from .common import forking
    from .generators import tree

    forking.stop_quietly_on_interrupt(INTERRUPTED)
    try:
        checked = _checked(args)
        if isinstance(checked, int):
            return checked
        config, project = checked
        written = tree.render_tree(project, config, _config_path(args).parent, args.out, args.site_dir)
    except tree.TreeError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写出 {written.pages} 个生成页面和网站配置 {written.config}。用任一兼容 MkDocs 的生成器构建它，再运行 casebook finish。")
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    from .common import forking
    from .generators import tree

    forking.stop_quietly_on_interrupt(INTERRUPTED)
    try:
        checked = _checked(args)
        if isinstance(checked, int):
            return checked
        config, project = checked
        tree.finish_site(project, config, args.site)
    except tree.TreeError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写入搜索索引、数据下载等：{args.site}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    import signal
    import subprocess

    from .common import forking
    from .generators import tree, zensical

    if args.generator == "zensical":
        forking.stop_quietly_on_interrupt(INTERRUPTED)
        try:
            checked = _checked(args)
            if isinstance(checked, int):
                return checked
            return zensical.build_site(*checked, _config_path(args).parent, args.site_dir, args.tree_dir)
        except tree.TreeError as exc:
            print(exc, file=sys.stderr)
            return 2
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(_config_path(args))]
    if args.site_dir is not None:
        command += ["--site-dir", str(args.site_dir)]
    build = subprocess.Popen(command)
    # Ctrl-C is the plugin's to report (once); passed on if it reached only this process.
    signal.signal(signal.SIGINT, lambda signum, frame: build.send_signal(signal.SIGINT))
    return build.wait()


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench.cli import main as bench_main

    return bench_main(args)


def cmd_search_dict(args: argparse.Namespace) -> int:
    from .search.cli import main as search_dict_main  # search (issue #4)

    return search_dict_main(args)


def cmd_schemadoc(args: argparse.Namespace) -> int:
    from .authoring.schemadoc import main as schemadoc_main

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

    p = sub.add_parser("import-eval", help="在标注好的网页样本上评估导入工具：删除行的精确率、召回率，标题、日期、作者、原载的准确率")
    p.add_argument("folders", nargs="*", help="样本目录（默认 tests/fixtures/import_golden/dev 和 holdout）")
    p.add_argument("--update", action="store_true", help="把当前结果写成各样本的 clean.txt（先核对再用）")
    p.add_argument("--verbose", action="store_true", help="列出漏删的每一行（--drafts 时列出没有提出的做法和数据）")
    p.add_argument("--drafts", metavar="文章目录", help="改为评估草稿：对目录中的每篇文章生成草稿，与 cases/ 中以它为来源的已完成案例对照，统计做法和数据的提出比例")
    p.set_defaults(func=cmd_import_eval)

    p = sub.add_parser("fmt", help="把案例、专题和词表文件整理成统一的规范格式（内容不变）")
    p.add_argument("paths", nargs="*", type=Path, help="要整理的文件（默认全部）")
    p.add_argument("--check", action="store_true", help="只检查、不修改；有文件不是规范格式时退出码为 1")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("edit", help="在浏览器表单中新增和修改案例（本机，只监听 127.0.0.1）")
    p.add_argument("--draft", type=Path, help="导入工具生成的案例草稿：复制到 cases/ 后直接在表单中打开")
    p.add_argument("--workflow", action="store_true", help="编辑流程模式：每份草稿保存为本地分支 cms/…，与部署后的合并请求流程相同")
    p.add_argument("--no-open", dest="open", action="store_false", help="不自动打开浏览器")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("admin", help="生成部署用的表单编辑页面（GitHub、GitLab、Gitea/Forgejo）")
    p.add_argument("out", type=Path, help="输出目录，例如 site/admin")
    p.add_argument("--backend", choices=["github", "gitlab", "gitea", "forgejo"], default="github", help="代码托管平台")
    p.add_argument("--repo", help="仓库，例如 zuzhibu/casebook")
    p.add_argument("--branch", default="main", help="主分支（默认 main）")
    p.add_argument("--base-url", dest="base_url", help="GitLab、Gitea/Forgejo：服务器地址，例如 https://git.example.gov.cn；GitHub：OAuth 登录服务的地址")
    p.add_argument("--app-id", dest="app_id", help="OAuth 应用的 Client ID（GitLab、Gitea/Forgejo 的 PKCE 登录）")
    p.add_argument("--open-authoring", dest="open_authoring", action="store_true", help="没有写权限的人通过派生仓库提交（GitHub、Forgejo）")
    p.add_argument("--site-url", dest="site_url", help="网站地址，表单中的“查看网站”链接用")
    p.set_defaults(func=cmd_admin)

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
    except KeyboardInterrupt:  # before a command installed its own handler
        print("已中断（Ctrl-C）。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""`mkdocs serve` picks up an edited case file without a restart."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import FIXTURES, make_project_copy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_editing_a_case_rebuilds_the_page_and_the_pages_that_show_it(tmp_path, dirty):
    """The edited case first (issue #8: it is written before the browser
    reloads); the other case linking to it, the theme listing and the search
    data follow (the rest of the site is rewritten in the background)."""
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        url = base + "cases/shili-shi-sifang-huodong/"
        assert wait_for(url, "示例市机关干部开展“四访活动”"), "mkdocs serve did not come up"
        case = root / "cases" / "shili-shi-sifang-huodong.yaml"
        text = case.read_text(encoding="utf-8").replace("共结对社区 45 个。", "共结对社区 45 个，已修改。")
        case.write_text(text.replace("title: 示例市机关干部开展“四访活动”", "title: 示例市机关干部开展“五访活动”"), encoding="utf-8")
        assert wait_for(url, "共结对社区 45 个，已修改。"), "the edited case was not rebuilt"
        assert "五访活动" in fetch(url)
        assert wait_for(base + "cases/shili-xian-liangxiang-zhidu/", "五访活动"), "the related case still shows the old title"
        assert wait_for(base + "themes/contact-service/", "五访活动"), "the theme page still shows the old title"
        search_doc = base + "search/d/0.js"
        assert wait_for(search_doc, "已修改"), "the search data was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)

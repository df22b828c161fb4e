# 实践案例库 — every task is a make target; `make help` lists them.
# The first run of any target creates .venv and installs the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1:8000
# Reproducible builds: timestamps (sitemap, gzip headers) come from the last commit.
# Material prints an end-of-life banner on every build; the pin (mkdocs<2) is deliberate.
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help install serve build validate test test-fast new offline audit bench clean

help: ## 列出所有命令
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## 创建虚拟环境并安装固定版本的依赖

serve: $(STAMP) ## 本地预览网站 http://127.0.0.1:8000 （修改案例后自动刷新）
	$(BIN)/mkdocs serve --dev-addr $(HOST)

build: $(STAMP) ## 严格模式构建网站到 site/（有任何警告即失败）
	$(BIN)/mkdocs build --strict --clean

validate: $(STAMP) ## 校验 cases/ 中的全部案例和词表
	$(BIN)/casebook validate

browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; \
	  else echo "浏览器测试需要 Chromium：请运行 sudo apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; fi; }

test: $(STAMP) browser ## 运行全部测试（含无头 Chromium 浏览器测试）
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## 只运行不需要浏览器的测试
	$(BIN)/python -m pytest -m "not browser"

new: $(STAMP) ## 新建案例：make new TITLE="案例标题"
	@test -n "$(TITLE)" || { echo '用法：make new TITLE="案例标题"' >&2; exit 2; }
	$(BIN)/casebook new "$(TITLE)"

clean: ## 删除构建产物（site/、dist/）
	rm -rf site dist

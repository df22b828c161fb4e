# 实践案例库 — every task is a make target; `make help` lists them.
# The first run of any target creates .venv and installs the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
AUDIT := tools/audit
AUDIT_STAMP := $(AUDIT)/node_modules/.installed
CMS := tools/cms
CMS_STAMP := $(CMS)/node_modules/.installed
WORDLIB_JS := tools/docx/build/docx.min.js
HOST ?= 127.0.0.1:8000
# mkdocs (the casebook plugin) or zensical (casebook render -> zensical build -> casebook finish)
GENERATOR ?= mkdocs
# Reproducible builds: timestamps (sitemap, gzip headers) come from the last commit.
# Material prints an end-of-life banner on every build; the pin (mkdocs<2) is deliberate.
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help install serve build validate fmt fmt-check edit edit-deps admin test test-fast new import offline audit audit-deps bench clean

help: ## 列出所有命令
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) $(WORDLIB_JS) ## 创建虚拟环境并安装固定版本的依赖

serve: $(STAMP) $(WORDLIB_JS) ## 本地预览网站 http://127.0.0.1:8000 （修改案例后自动刷新）
	$(BIN)/mkdocs serve --dirty --dev-addr $(HOST)

build: $(STAMP) $(WORDLIB_JS) ## 严格模式构建网站到 site/（有任何警告即失败）；GENERATOR=zensical 改用 Zensical 构建
	$(BIN)/casebook build --generator $(GENERATOR)

validate: $(STAMP) ## 校验 cases/ 中的全部案例和词表
	$(BIN)/casebook validate

fmt: $(STAMP) ## 把案例、专题和词表文件整理成规范格式（只改排版，内容不变）
	$(BIN)/casebook fmt

fmt-check: $(STAMP) ## 检查所有文件是否为规范格式（CI 运行；不是则指出文件和行号）
	$(BIN)/casebook fmt --check

browser:
	@{ test -x $(CHROMIUM) && command -v pdftotext >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk poppler-utils; \
	  else echo "浏览器测试需要 Chromium 和 pdftotext：请运行 sudo apt-get install -y chromium fonts-noto-cjk poppler-utils" >&2; exit 1; fi; }

NEED_NPM = command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; \
	  else echo "需要 Node.js 和 npm：请运行 sudo apt-get install -y nodejs npm" >&2; exit 1; fi; }

# axe-core (make test) and Lighthouse (make audit), pinned in tools/audit/package-lock.json.
$(AUDIT_STAMP): $(AUDIT)/package.json $(AUDIT)/package-lock.json
	@$(NEED_NPM)
	cd $(AUDIT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The docx library behind every "下载 Word" button, pinned in tools/docx/package-lock.json
# and bundled for the browser; the site build copies it into the site.
$(WORDLIB_JS): tools/docx/package.json tools/docx/package-lock.json tools/docx/bundle.mjs
	@$(NEED_NPM)
	cd tools/docx && npm ci --no-audit --no-fund --loglevel=error && npm run --silent bundle

# Decap CMS, decap-server and yaml for the browser form, pinned in tools/cms/package-lock.json.
$(CMS_STAMP): $(CMS)/package.json $(CMS)/package-lock.json
	@$(NEED_NPM)
	cd $(CMS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

edit-deps: $(CMS_STAMP) ## 安装表单编辑用的 Decap CMS（npm，版本固定在 tools/cms/package-lock.json）

admin: $(STAMP) $(CMS_STAMP) ## 把表单编辑页面写进 site/admin/（部署用）：make admin BACKEND=github|gitlab|gitea|forgejo REPO=组织/仓库 [BASE_URL=… APP_ID=…]
	@test -n "$(REPO)" || { echo '用法：make admin BACKEND=gitlab REPO=组织/仓库 BASE_URL=https://git.example.cn APP_ID=…' >&2; exit 2; }
	$(BIN)/casebook admin site/admin --backend $(or $(BACKEND),github) --repo "$(REPO)" $(if $(BRANCH),--branch "$(BRANCH)") $(if $(BASE_URL),--base-url "$(BASE_URL)") $(if $(APP_ID),--app-id "$(APP_ID)") $(if $(OPEN_AUTHORING),--open-authoring)

edit: $(STAMP) $(CMS_STAMP) ## 在浏览器表单中新增、修改案例（只在本机 127.0.0.1）；导入草稿：make edit DRAFT=草稿.case.yaml
	$(BIN)/casebook edit $(if $(DRAFT),--draft "$(DRAFT)") $(if $(WORKFLOW),--workflow)

audit-deps: $(AUDIT_STAMP) ## 安装 axe-core 和 Lighthouse（npm，版本固定在 tools/audit/package-lock.json）

test: $(STAMP) $(WORDLIB_JS) browser $(AUDIT_STAMP) $(CMS_STAMP) ## 运行全部测试（含无头 Chromium 浏览器测试）
	$(BIN)/python -m pytest

test-fast: $(STAMP) $(WORDLIB_JS) ## 只运行不需要浏览器的测试
	$(BIN)/python -m pytest -m "not browser"

offline: $(STAMP) $(WORDLIB_JS) ## 生成离线版 dist/casebook-offline.zip：解压后双击 index.html 即可浏览和搜索，无需服务器（GENERATOR=zensical 亦可）
	$(BIN)/casebook build --generator $(GENERATOR) --config mkdocs.offline.yml
	$(BIN)/python -m casebook.outputs.offline dist/casebook-offline dist/casebook-offline.zip

audit: build browser $(AUDIT_STAMP) ## 用 Lighthouse 和 axe 检查首页、案例页、模块页（目标：四项得分 ≥ 95，无严重无障碍问题）
	$(BIN)/python $(AUDIT)/audit.py site

new: $(STAMP) ## 新建案例：make new TITLE="案例标题"
	@test -n "$(TITLE)" || { echo '用法：make new TITLE="案例标题"' >&2; exit 2; }
	$(BIN)/casebook new "$(TITLE)" $(if $(ID),--id "$(ID)")

import: $(STAMP) ## 导入网页文章生成案例草稿：make import ARTICLE=文章.html [OUT=输出目录]
	@test -n "$(ARTICLE)" || { echo '用法：make import ARTICLE=文章.html [OUT=输出目录]' >&2; exit 2; }
	$(BIN)/casebook import "$(ARTICLE)" $(if $(OUT),--out "$(OUT)")

# Not part of `make test` or CI: the 10,000-case run takes tens of minutes.
# BENCH_ARGS="--cases 1000" for one size; results print as JSON lines.
bench: $(STAMP) $(WORDLIB_JS) browser ## 性能测试：1000 和 10000 个合成案例的构建、页面、搜索、实时预览，并与 Zensical 构建、原版 Material 对照（较慢，CI 不运行）
	$(BIN)/casebook bench --baseline --zensical $(BENCH_ARGS)

clean: ## 删除构建产物和缓存（site/、dist/、.cache/）
	rm -rf site dist .cache

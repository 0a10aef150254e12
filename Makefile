# The README's two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install uv python-deps assets pdf browser run serve worker test lint typecheck pytest test-pg demo messages bench clean

help:
	@echo "make run    安装依赖、准备数据库、首次载入演示数据，并在 http://$(HOST):$(PORT) 启动"
	@echo "make test   安装依赖，运行 ruff、mypy 和全部测试（含浏览器测试）"

uv:
	@command -v uv >/dev/null 2>&1 || test -x "$(HOME)/.local/bin/uv" || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

python-deps: uv
	@$(UV) sync --frozen --quiet

# Front-end packages (Bootstrap, icons, htmx) from the npm registry, pinned by package-lock.json.
assets:
	@test -f node_modules/.package-lock.json -a node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund --loglevel=error

install: python-deps assets

# Debian packages: CJK fonts and Pango for PDFs (WeasyPrint; the demo issues its notice as a PDF;
# AR PL UKai is the free 楷体 a notice's second-level headings fall back to), needed by `make run`;
# Chromium for the browser tests and LibreOffice Writer for the tests that render the Word files
# and exports as an office would, for the tests only. Playwright never downloads a browser here.
# Missing ones are installed with apt as root; otherwise the command to run is printed.
PDF_PACKAGES := fontconfig fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
apt_install = if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null); \
	else echo "需要系统软件包：sudo apt-get install -y $(1)" >&2; exit 1; fi

pdf:
	@fc-list 2>/dev/null | grep -q "Noto Serif CJK" && fc-list 2>/dev/null | grep -q "AR PL UKai" \
	  && ldconfig -p 2>/dev/null | grep -q libpangoft2 && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || { $(call apt_install,$(PDF_PACKAGES)); }

browser: pdf
	@command -v chromium >/dev/null 2>&1 || { $(call apt_install,chromium); }
	@dpkg -s libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null 2>&1 \
	  || { $(call apt_install,libreoffice-writer-nogui libreoffice-calc-nogui); }

run: install pdf
	@$(MANAGE) migrate --noinput -v0
	@$(MANAGE) demo --if-empty
	@$(MANAGE) demo_logins
	@echo "后台任务进程、时钟（投票、清理过期导出文件）与网站已启动：http://$(HOST):$(PORT)  （Ctrl+C 停止）"
	@trap 'kill 0' EXIT INT TERM; $(MANAGE) db_worker --queue-name '*' & $(MANAGE) clock --every 60 & $(MANAGE) runserver $(HOST):$(PORT) --noreload

demo: install pdf
	@$(MANAGE) migrate --noinput -v0
	@$(MANAGE) demo $(ARGS)

lint: python-deps
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: python-deps
	$(UV) run --frozen mypy chuangxian config

pytest: install browser
	$(MANAGE) makemigrations --check --dry-run -v0
	$(UV) run --frozen pytest -q $(PYTEST_ARGS)

test: lint typecheck pytest

# The same suite on PostgreSQL (CI runs this after `make test`).
test-pg: install browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@localhost/test} $(UV) run --frozen pytest -q $(PYTEST_ARGS)

# Refresh the English catalogue (msgids are Chinese); translate the new entries, then compile.
# The compiled .mo is committed, so running the app needs no gettext tools.
messages: python-deps
	$(MANAGE) makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --ignore=tests --ignore="*/tests/*"
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# Every benchmark with its defaults, one after another (about an hour on 2 cores; bench/README.md).
# All but roster_import.py and exports.py need PostgreSQL: DATABASE_URL's server (default
# postgres://postgres@localhost/test), in databases of their own.
BENCHMARKS := roster_import exports coverage voting checkin pages

bench: install pdf
	@for name in $(BENCHMARKS); do echo "== bench/$$name.py"; $(UV) run --frozen python bench/$$name.py || exit 1; done

clean:
	rm -rf .venv node_modules staticfiles var

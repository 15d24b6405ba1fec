# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-sqlite test-postgres bench bench-economy bench-archive bench-http soak messages vendor clean screenshots

$(BIN)/samsyn: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,semantic]'
	touch $@

# A fresh SQLite database with Samhällskontraktet's demo data, served on 127.0.0.1:8000.
demo: $(BIN)/samsyn
	rm -f samsyn-demo.sqlite3 samsyn-demo.sqlite3-wal samsyn-demo.sqlite3-shm
	DATABASE_URL=sqlite:///samsyn-demo.sqlite3 $(BIN)/samsyn demo

# ruff, then the whole suite on SQLite and on PostgreSQL side by side (PostgreSQL skipped, and said
# so, when no server listens); scripts/test says how.
test: $(BIN)/samsyn
	@if [ -x "$$(command -v npm)" ] && [ ! -f node_modules/axe-core/axe.min.js ]; then npm ci --no-audit --no-fund --silent; fi
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/test

# Full-page PNGs of every main page for every demo role at 1366 and 390 px, with an index.html, in
# screenshots/ (not committed): the demo in a fresh SQLite database, served on a free port meanwhile.
screenshots: $(BIN)/samsyn
	$(BIN)/python scripts/screenshots.py --out screenshots

bench: $(BIN)/samsyn
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.economy
	$(BIN)/python -m bench.archive

bench-economy: $(BIN)/samsyn
	$(BIN)/python -m bench.economy

bench-archive: $(BIN)/samsyn
	$(BIN)/python -m bench.archive

# Recall@5 and MRR of samsyn/search/eval/queries.json over the demo, on SQLite and PostgreSQL.
.PHONY: eval-search
eval-search: $(BIN)/samsyn
	$(BIN)/python -m samsyn.search.eval.run

# Throughput under gunicorn, loaded by wrk on loopback, against the database `make bench` leaves.
bench-http: $(BIN)/samsyn
	$(BIN)/python -m bench.http

# Ten minutes of mixed reads and writes against gunicorn on the database `make bench` leaves.
soak: $(BIN)/samsyn
	$(BIN)/python -m bench.soak

# Recompile the translations after editing samsyn/locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: $(BIN)/samsyn
	for app in project economy governance followup archive search api; do scripts/messages $$app; done

# Copy front-end assets from npm into the static files we ship: htmx, Designsystemet's CSS, and
# Samsyn's theme of it, built by Designsystemet's own tool from design/designsystemet.config.json.
DS := samsyn/static/vendor/designsystemet
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js samsyn/static/samsyn/js/htmx.min.js
	mkdir -p $(DS)
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(DS)/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/LICENSE $(DS)/LICENSE
	rm -rf build/design-tokens build/design-tokens-css
	cd design && ../node_modules/.bin/designsystemet tokens create --config designsystemet.config.json >/dev/null
	node_modules/.bin/designsystemet tokens build --config design/designsystemet.config.json -t build/design-tokens -o build/design-tokens-css >/dev/null
	cp build/design-tokens-css/samsyn.css $(DS)/theme-samsyn.css
	rm -rf build

clean:
	rm -rf $(VENV) node_modules samsyn-demo.sqlite3* .pytest_cache

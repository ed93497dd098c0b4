# genegraph: the two commands of the quick start, and their helpers.
#   make serve   start the server on the embedded SQLite database, loaded with data/il2.txt
#   make test    lint, type-check and run the whole test suite (SQLite and PostgreSQL)
#   make bench   the performance lab (BENCHMARKS.md): genegraph vs PostGraphile vs bare Starlette

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest processes for `make test` (pytest-xdist; a test file stays in one process). The
# suite mostly waits on PostgreSQL, servers and subprocesses, so two use a 2-core machine.
TEST_WORKERS ?= 2

.PHONY: serve test lint pytest lock clean bench soak

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "genegraph needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/genegraph serve $(ARGS)

test: $(STAMP)
	scripts/start-services.sh
	scripts/install-test-tools.sh
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Installs wrk, the bench-only packages and PostGraphile when missing; ARGS go to bench/run.py.
bench: $(STAMP)
	bench/install.sh
	$(BIN)/python bench/run.py --no-install $(ARGS)

# Issue 6's soak: 10 minutes of mixed load on PostgreSQL against `genegraph serve --workers 2`;
# fails if a 5xx, a socket error, memory growth over 10 % or an fd/connection leak is seen.
soak: $(STAMP)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/soak.py $(ARGS)

# Re-pin from a clean environment, so nothing installed by hand leaks into the lock.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[dev]'
	{ sed -n '1,2p' requirements.lock; .lock-venv/bin/pip freeze | grep -v '^genegraph'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

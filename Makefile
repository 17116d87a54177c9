# PCMD – the two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PCMD := $(VENV)/bin/pcmd
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Find a Python >= 3.12: python3.13, python3.12, then pyenv installs.
find_python = $(shell for c in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3.1[2-9] 2>/dev/null | sort -r); do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test e2e lint fmt bench screens venv clean

$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ]; then \
		PYBIN="$(find_python)"; \
		if [ -z "$$PYBIN" ]; then echo "Cần Python >= 3.12 (python3.13, python3.12 hoặc ~/.pyenv/versions/3.12.*) – không tìm thấy. Hãy cài Python 3.12 trở lên rồi chạy lại." >&2; exit 1; fi; \
		echo "Tạo $(VENV) với $$PYBIN"; $$PYBIN -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PCMD) bootstrap
	@# The background worker (reports) runs beside the server and stops with it.
	@mkdir -p var; $(PCMD) db_worker > var/worker.log 2>&1 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PCMD) runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest

e2e: $(STAMP)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest tests/e2e -o addopts="-q" -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests $(wildcard bench)
	$(VENV)/bin/ruff format --check src tests $(wildcard bench)
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PCMD) makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=lint-only-$$(head -c 96 /dev/urandom | base64 | tr -dc A-Za-z0-9) ALLOWED_HOSTS=pcmd.example.vn \
		PCMD_FIELD_KEY=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		$(PCMD) check --deploy --fail-level WARNING

fmt: $(STAMP)
	$(VENV)/bin/ruff format src tests $(wildcard bench)
	$(VENV)/bin/ruff check --fix src tests $(wildcard bench)

bench: $(STAMP)
	$(PY) -m bench

# Screenshots of every demo role's pages at 1366×800 and 390×844 in var/screens/ (a throwaway demo database).
screens: $(STAMP)
	$(PY) scripts/screens.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Two commands for a fresh machine (Python 3.11, pip, Debian):
#   make demo   set up .venv and run the main job on the embedded default (no key, no network)
#   make test   set up .venv and run lint + the whole test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# llama-cpp-python builds from source; LLaVA is not needed and costs two minutes. The CPU
# instruction sets are named instead of -march=native: on Xeons with AMX, native builds use AMX
# tile instructions that fault (general protection) inside the VMs here on the first token.
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
GGML_ISA := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
ifneq (,$(findstring avx512f,$(CPU_FLAGS)))
GGML_ISA += -DGGML_AVX512=ON
endif
ifneq (,$(findstring avx512_vnni,$(CPU_FLAGS)))
GGML_ISA += -DGGML_AVX512_VNNI=ON
endif
export CMAKE_ARGS ?= -DLLAVA_BUILD=OFF $(GGML_ISA)

# Debian packages the tests use: Chromium for the real-browser UI test, poppler to render a PDF,
# PostgreSQL for the store, review and crash tests on PostgreSQL (tests/postgres_cluster.py starts
# a throw-away cluster; the Debian service itself is not needed).
DEBIAN_TEST_PACKAGES := chromium poppler-utils postgresql

.PHONY: demo test lint format bench install clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --progress-bar off -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/workbench demo

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "missing Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

test: install system-deps
	$(BIN)/ruff check workbench tests benchmarks training docs
	$(BIN)/ruff format --check workbench tests benchmarks training docs
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check workbench tests benchmarks training docs

format: install
	$(BIN)/ruff format workbench tests benchmarks training docs
	$(BIN)/ruff check --fix workbench tests benchmarks training docs

bench: install
	$(BIN)/python benchmarks/ingest_speed.py
	$(BIN)/python benchmarks/search_speed.py
	$(BIN)/python benchmarks/retrieval_recall.py
	$(BIN)/python benchmarks/checkworthiness.py
	$(BIN)/python benchmarks/checkworthiness_speed.py
	$(BIN)/python benchmarks/check_cost.py

clean:
	rm -rf $(VENV) workbench.db* .workbench-cache
	find vectorstore -mindepth 1 ! -name .gitkeep -delete

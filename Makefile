# structlearn — the two commands of the README, and what they need.
#   make test   install everything, check notebooks ⇄ package are in sync, run the notebooks as tests
#   make demo   train a small StructViT and an SA baseline on the embedded motion-digits data
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
# Use the active virtual environment if there is one, else ./.venv (created on first use).
VENV := $(or $(VIRTUAL_ENV),$(CURDIR)/.venv)
BIN := $(VENV)/bin
STAMP := $(VENV)/.structlearn-installed
TEST_TIMEOUT ?= 1200
TEST_WORKERS ?= 2
# pip on these machines warns about every missing local index folder; keep the real messages only
PIPQUIET := { grep -v 'is ignored: it is neither a file nor a directory' || true; }

.PHONY: help install check readme test demo lab docs gpu-check

help:
	@echo "make test    install, check notebooks/package sync, run all notebooks as tests"
	@echo "make demo    train a small StructViT and its SA twin on the embedded motion-digits videos"
	@echo "make readme  regenerate README.md from nbs/index.ipynb"
	@echo "make lab     start JupyterLab on nbs/ (saving a notebook cleans it as nbdev_clean does)"
	@echo "make docs    build the documentation site with nbdev_docs (needs Quarto, see README)"
	@echo "make gpu-check  the GPU check (nbs/42_gpu_check): full size on a GPU, toy scale on a CPU, < 8 min; runs/gpu_check.md and .jsonl"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): settings.ini setup.py | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | $(PIPQUIET)
	$(BIN)/python -m pip install -q -e '.[dev]' 2>&1 | $(PIPQUIET)
	touch $@

install: $(STAMP)

# Fail if nbdev_clean would change a notebook, if a Jupyter save would rewrite one (nbformat's canonical form), if ruff finds
# a pyflakes error or a line over 140 characters in the package or a notebook, if nbdev_export would change or add a module, if a module
# exists that no notebook exports, if a notebook names no kernel, or if README.md is not what nbs/index.ipynb generates.
# Works on a scratch copy, so it never edits your files.
check: install
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp -r settings.ini setup.py nbs "$$tmp"/; mkdir "$$tmp/structlearn"; \
	(cd "$$tmp" && $(BIN)/nbdev_clean >/dev/null && $(BIN)/nbdev_export); \
	if ! diff -r -x __pycache__ -x '.ipynb_checkpoints' nbs "$$tmp/nbs"; then \
	  echo "FAIL: nbdev_clean would change the notebooks above: run nbdev_clean and commit."; exit 1; fi; \
	if ! diff -r -x __pycache__ structlearn "$$tmp/structlearn"; then \
	  echo "FAIL: structlearn/ differs from what nbdev_export writes (edited, stale or orphan module): run nbdev_export and commit."; exit 1; fi; \
	missing=$$(grep -L '"kernelspec"' nbs/*.ipynb || true); \
	if [ -n "$$missing" ]; then echo "$$missing"; \
	  echo "FAIL: these notebooks name no kernel (JupyterLab would ask for one): open and save them in make lab, or copy the metadata.kernelspec of another notebook."; exit 1; fi; \
	noncanon=$$($(BIN)/python -c 'import glob, nbformat; [print(f) for f in sorted(glob.glob("nbs/*.ipynb")) if nbformat.writes(nbformat.read(f, 4)) + "\n" != open(f, encoding="utf-8").read()]'); \
	if [ -n "$$noncanon" ]; then echo "$$noncanon"; \
	  echo "FAIL: a Jupyter save would rewrite these notebooks (not in nbformat's canonical form): python -c 'import nbformat as n, sys; [n.write(n.read(f, 4), f) for f in sys.argv[1:]]' FILES, then nbdev_clean."; exit 1; fi; \
	$(BIN)/ruff check --quiet --select F,E501 --line-length 140 --exclude structlearn/_modidx.py structlearn nbs || { \
	  echo "FAIL: ruff (pyflakes rules, lines <= 140) on the package and the notebooks: fix the notebook, then nbdev_export."; exit 1; }; \
	$(BIN)/python .ci/readme.py "$$tmp/README.md"; \
	if ! diff README.md "$$tmp/README.md"; then \
	  echo "FAIL: README.md is not generated from nbs/index.ipynb: run make readme and commit."; exit 1; fi; \
	echo "check: notebooks clean and canonical, package exported, ruff clean, README current"

readme: install
	$(BIN)/python .ci/readme.py README.md

# Runs every notebook (cells flagged slow/cuda/notest are skipped) and counts notebooks. Two notebooks run at
# once, one torch thread each: on 2 cores, more threads than cores makes OpenMP spin and everything crawl.
test: check
	@log=$$(mktemp); status=0; export OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1}; \
	timeout $(TEST_TIMEOUT) $(BIN)/nbdev_test --n_workers $(TEST_WORKERS) --do_print --timing 2>&1 | tee "$$log" || status=$$?; \
	started=$$(grep -c '^Starting ' "$$log" || true); \
	completed=$$(grep -c '^- Completed ' "$$log" || true); \
	listed=$$(sed -n '/Failed On The Following Notebooks/,$$p' "$$log" | grep -cP '^\t.*\.ipynb$$' || true); \
	passed=$$((completed - listed)); failed=$$((started - passed)); \
	[ "$$status" = 124 ] && echo "nbdev_test timed out after $(TEST_TIMEOUT) s"; \
	[ "$$started" -gt 0 ] || { echo "no notebook was tested"; echo "0 passed, 0 failed"; exit 1; }; \
	echo "$$passed passed, $$failed failed"; \
	[ "$$failed" = 0 ] && [ "$$status" = 0 ]

# Generates the embedded data if missing, then trains StructViT and its SA twin on motion-digits (a few minutes on CPU).
demo: install
	$(BIN)/python -c "from structlearn.train import demo; demo()"


# The GPU check (nbs/42_gpu_check.ipynb) as it runs on the lent GPU machine: that machine's python3 straight from the checkout,
# nothing installed (on the device tool, run the command given in 42 and the README instead: it also installs a carried PyAV wheel).
# Here it uses the active virtual environment's python if there is one. Options: make gpu-check ARGS='--only env,train-k400'.
gpu-check:
	PYTHONUNBUFFERED=1 PYTHONPATH=$(CURDIR) $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV)/bin/python,$(PYTHON)) -m structlearn.gpucheck --output runs/gpu_check $(ARGS)

# JupyterLab on nbs/ with nbdev's pre-save hook: settings.ini sets jupyter_hooks = True, so every save writes the
# notebook as nbdev_clean would (no execution counts, no language_info) and opening or running a notebook never
# leaves `make check` failing. The notebooks commit a python3 kernelspec, so no kernel has to be chosen.
# It runs in nbs/ because the hook resolves the notebook's path from the working directory.
# (Starting Jupyter another way? Run `nbdev_install_hooks` once: it adds the same hook to ~/.jupyter.)
lab: install
	cd nbs && $(BIN)/jupyter lab --ContentsManager.pre_save_hook=nbdev.clean.clean_jupyter $$([ "$$(id -u)" = 0 ] && echo --allow-root || true)

# nbdev_docs renders the site with Quarto. Without Quarto, nbdev would try to install it with sudo and then run a
# bare `pip install -e .[dev]` with whatever pip is first on the PATH; stop before that instead. nbdev_docs also
# renders README.md with Quarto; ours is generated by .ci/readme.py, so it is written again afterwards.
docs: install
	@command -v quarto >/dev/null || { echo "make docs needs Quarto (https://quarto.org/docs/get-started/); pip cannot install it. Install it, then rerun."; exit 1; }
	$(BIN)/nbdev_docs
	$(BIN)/python .ci/readme.py README.md

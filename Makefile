# FPA Desk: two commands for people (make run, make test); the rest are steps they depend on.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
QM := resources/i18n/fpa_desk_zh_CN.qm
FONT := resources/fonts/NotoSansCJKsc-Regular.ttf

.PHONY: run test lint typecheck pytest translations translations-update font bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.build-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

# Qt translations: .ts sources compiled to .qm at build time.
$(QM): resources/i18n/fpa_desk_zh_CN.ts $(VENV)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# The PDF font: Noto Sans CJK SC (fonts-noto-cjk) converted to TrueType outlines and subset; about 50 s, 10 MB,
# so it is built here rather than committed.
$(FONT): resources/fonts/build_font.py | $(VENV)/.build-installed
	$(BIN)/python $<

font: $(FONT)

# After changing interface strings: collect them into the .ts, then translate the new entries (pyside6-linguist).
translations-update: $(VENV)/.installed
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py' | sort) -ts resources/i18n/fpa_desk_zh_CN.ts -no-obsolete -locations none

run: $(VENV)/.installed $(QM) $(FONT)
	$(BIN)/fpa-desk-gui

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed $(QM) $(FONT)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck pytest

bench: $(VENV)/.dev-installed $(QM) $(FONT)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info $(QM) $(FONT)

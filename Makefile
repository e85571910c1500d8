# Set-up and the two everyday commands. `make report` and `make test` each
# create the virtual environment and install framing with its pinned
# dependencies first when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEBIAN_PACKAGES := chromium fonts-noto-cjk

.PHONY: report test pytest lint docs docs-check wheel-check bench clean system phrases

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Debian packages: headless Chromium (browser tests) and a CJK font (Chinese
# text in figures). Installed once; nothing when they are present.
system:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; fi

report: $(VENV)/.installed system
	$(VENV)/bin/framing report --out report

# The whole quality gate: lint and types, the API reference, the wheel
# installed outside the checkout, then the test suite.
test: $(VENV)/.installed system
	$(MAKE) --no-print-directory lint docs-check wheel-check pytest

pytest: $(VENV)/.installed
	$(PY) -m pytest -n 2 -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check framing tests benchmarks docs/tools
	$(VENV)/bin/ruff format --check framing tests benchmarks docs/tools
	$(VENV)/bin/mypy framing

# The documentation site with the notebooks executed (build/site/).
docs: $(VENV)/.installed
	$(PY) docs/tools/build.py

# The same build with the notebooks as stored (the test suite executes them).
docs-check: $(VENV)/.installed
	$(PY) docs/tools/build.py --no-execute

wheel-check: $(VENV)/.installed
	$(PY) .ci/wheel_check.py

# The phrase list of the Chinese tokeniser (framing/data/phrases_zh.txt), written
# from the shipped lexicons: run after changing their Chinese patterns.
phrases: $(VENV)/.installed
	$(PY) -c "from framing.lexicon.core import write_zh_phrases; print(write_zh_phrases())"

bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) report build dist *.egg-info docs/reference docs/notebooks docs/index.md

# Every target creates .venv by itself when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-test

.PHONY: run test lint checks screenshots exe exe-windows test-windows bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-installs only when pyproject.toml changes, so an installed tree starts pytest at once.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,build,fleet]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m troubleshooter

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m troubleshooter lint

checks: $(STAMP)
	$(PY) -m troubleshooter checks

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m gui.screenshots docs/screenshots

exe: $(STAMP)
	$(PY) build/build_exe.py

# The Windows executable and the Windows tests, under Wine (build/wine_python.py sets Wine, the
# Windows Python and its wheels up once in ~/.cache/vmbt/windows/).
exe-windows: $(STAMP)
	nice -n 10 $(PY) build/wine_python.py build

test-windows: $(STAMP)
	$(PY) build/wine_python.py test

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) dist .pyinstaller-work

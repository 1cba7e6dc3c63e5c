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

# One test process per core (pytest-xdist); tests marked whole_machine run alone. A serial run:
# make test PYTEST_ARGS='-n 0' (or '-p no:xdist', which leaves the -n options out).
# loadfile: a test file's tests share one process, so a module-scoped fixture (a wheel built and
# installed, Debian packages unpacked, a search index) is made once, not once per process.
TEST_PARALLEL = $(if $(findstring no:xdist,$(PYTEST_ARGS)),,-n auto --dist loadfile)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider $(TEST_PARALLEL) $(PYTEST_ARGS)

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

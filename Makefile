# Two commands reproduce everything:  make report   and   make test
# The first use creates .venv/ from pyproject.toml; later uses reuse it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
# Put before a command in a recipe: it runs with TMPDIR in a folder of its own ($$stage), removed when the
# recipe's shell exits, however it exits (Ctrl-C too); the command's exit status is the recipe's.
OWN_TMP = stage=$$(mktemp -d) || exit 1; trap 'rm -rf "$$stage"' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	TMPDIR="$$stage"

.PHONY: help env report test data bench lexicon-gaps dictionary clean

help:
	@echo "make report   set up .venv and run the main job (python -m analysis report)"
	@echo "make test     set up .venv and run the whole test suite, notebooks included"
	@echo "make data     fetch the registry's resolutions from the Parliament (needs internet)"
	@echo "make bench    run the performance benchmark"
	@echo "make dictionary  regenerate docs/data_dictionary.md from the tables' schema"
	@echo "make clean    remove generated tables and figures (manifests included), and staging folders and temporary files of interrupted runs (not data/raw)"

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# ipykernel stages the spec in a temporary folder and removes only the spec, not the folder: give it
	@# one of its own to stage in, so that no empty tmp*_kernels folder is left behind
	$(OWN_TMP) $(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m analysis report

# The notebooks run once, inside the suite (tests/test_notebooks.py), on a temporary copy of data/.
# pytest's folders, and the temporary files of the tests and of the processes they start, go to a folder of
# the run's own (OWN_TMP): a run leaves nothing in /tmp, whether the tests pass, fail or are interrupted
test: $(STAMP)
	$(OWN_TMP) $(PY) -m pytest tests -p no:cacheprovider --basetemp="$$stage/pytest"

data: $(STAMP)
	$(PY) -m analysis fetch

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py

dictionary: $(STAMP)
	$(PY) -m analysis data-dictionary --output docs/data_dictionary.md

lexicon-gaps: $(STAMP)
	$(PY) -m analysis lexicon-gaps data/raw

clean:
	rm -rf data/processed/* figures/* data/processed/.report-staging figures/.report-staging \
		data/processed/.*.part figures/.*.part data/raw/.*.part

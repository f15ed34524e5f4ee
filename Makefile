# Two commands matter: `make demo` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo serve test lint bench release validate student-kit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,serve]'
	touch $(STAMP)

# bytecode for the package, as pip writes it for a regular install: an editable one never
# has any where PYTHONDONTWRITEBYTECODE is set (as on CI), and every aimath process and
# worker would compile the package again (only what changed is compiled)
install: $(STAMP)
	$(BIN)/python -m compileall -q autograder reference

demo: install
	$(BIN)/aimath demo --out demo-out

# a demo course served on http://127.0.0.1:8000 (sample students, a few hand-ins); prints the
# URL and the logins (autograder/service/demo.py); the course stays in demo-course/
serve: install
	$(BIN)/python -m autograder.service.demo --folder demo-course

test: install
	$(BIN)/ruff check autograder reference tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not benchmark"

lint: install
	$(BIN)/ruff check autograder reference tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/throughput.py

release: install
	$(BIN)/aimath release

validate: install
	$(BIN)/aimath validate

# dist/aimath_student-<version>-py3-none-any.whl: the answer-free kit students install
student-kit: install
	$(BIN)/python -m autograder.kit.build --out dist

clean:
	rm -rf $(VENV) demo-out dist

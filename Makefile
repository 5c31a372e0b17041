# Developer shortcuts; `make check` is the same as the README's test command.
.PHONY: check lint demo bench install mutation

install:
	python3 -m pip install -e '.[test]'

check:
	python3 -m pytest

lint:
	ruff check . && python3 -m pytest -q tests/test_import_direction.py tests/test_lint.py

demo:
	radar demo --out radar-demo

bench:
	python3 bench/match.py && python3 bench/crawl.py

# Mutation testing (docs/testing.md): every group in mutation/*.toml, or GROUPS="a b".
mutation:
	python3 mutation/run.py $(GROUPS)

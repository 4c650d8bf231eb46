# `make run` and `make test` are the README's `./dev run` and `./dev test` (the script needs no make).
.PHONY: run test
run:
	./dev run
test:
	./dev test

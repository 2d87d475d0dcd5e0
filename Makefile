# tumar: the two commands of the README are `make demo` and `make test`.
# Rust targets live here; the WASM package, demo and JS tests live in mk/js.mk.

CARGO ?= cargo
TUMAR := target/release/tumar

.PHONY: test test-rust test-rules fuzz cli bench report verdict-fixture
.DEFAULT_GOAL := test

## The whole test suite: Rust unit and integration tests, every rule's own tests, JS tests,
## and coverage-guided fuzzing for a bounded time.
test: test-rust test-rules test-js fuzz

test-rust:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

cli:
	$(CARGO) build --release --bin tumar

## Every shipped rule's match / no_match tests, as a moderator runs them.
test-rules: cli
	$(TUMAR) check rules
	$(TUMAR) test rules

## Coverage-guided fuzzing of the normalizer, scanner, rule parser and bundle loader,
## FUZZ_SECONDS (default 30) per target, after replaying every input once found to fail.
fuzz: cli
	scripts/fuzz.sh

## Benchmarks print numbers; they never fail on timing. The library is built with the shipped
## rules embedded as a bundle, as the npm package has them.
bench: cli
	$(TUMAR) compile rules -o target/builtin-rules.bundle
	TUMAR_BUILTIN_BUNDLE="$(abspath target/builtin-rules.bundle)" $(CARGO) bench --bench scan

## Regenerates the verdicts tests/verdicts.rs compares against (after an intended rule change).
verdict-fixture: cli
	python3 scripts/verdict-fixture.py $(TUMAR)

## Regenerates rules/STATS.md (false-positive rates, rule and test counts).
report: cli
	python3 scripts/rules-report.py $(TUMAR) > rules/STATS.md

include mk/js.mk

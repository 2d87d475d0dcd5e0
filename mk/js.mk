# WASM package, demo messenger and JS tests (owned by the JS side; see pkg-templates/).
.PHONY: test-js demo
test-js:
	@echo "test-js: no JS tests yet"
demo: cli
	$(TUMAR) explain "ты такая взрослая для своего возраста, только не говори родителям"

GO ?= go
FUZZTIME ?= 20000x
BIN := bin/apigw

.PHONY: run build test check unit fuzz bench clean

## run: the gateway on the built-in demo API (or ./template.yaml when present)
run: build
	./$(BIN) start-api

build:
	$(GO) build -o $(BIN) ./cmd/apigw

## test: formatting, vet, every test with the race detector, and a short run of every fuzz target
test: check unit fuzz

check:
	@out=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz-all.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin

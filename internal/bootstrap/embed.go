package bootstrap

import _ "embed"

//go:embed node/bootstrap.js
var nodeSource string

//go:embed python/bootstrap.py
var pythonSource string

// Node returns the Node.js bootstrap script, to be run as `node <file>`.
func Node() []byte { return []byte(nodeSource) }

// Python returns the Python bootstrap script, to be run as `python3 <file>`.
func Python() []byte { return []byte(pythonSource) }

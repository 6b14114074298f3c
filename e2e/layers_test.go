package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/apigw/apigw/"

// layers places every package of ours; a package may import only packages
// of strictly lower layers (DESIGN section 4: model and pure packages at
// the bottom, gateway in the middle, cli on top; gateway reaches functions
// only through interfaces it declares, never lambda). httphead, the
// syntax of HTTP heads the request model and both hand-written wire
// readers share, sits below the model.
var layers = map[string]int{
	"internal/httphead": -1,
	"internal/api":      0, "internal/event": 0, "internal/request": 0, "internal/arn": 0,
	"internal/policy": 0, "internal/authcache": 0, "internal/bootstrap": 0, "internal/jsonstring": 0,
	"internal/authcache/redistest": 0, "internal/record": 0, "internal/clock": 0, "internal/dashboard": 0, "internal/dashboard/dashtest": 0, "internal/upstream": 0, "internal/logline": 0, "internal/cfn": 1, "internal/runtimeapi": 1, "internal/router": 1, "internal/codecache": 1,
	"internal/jwt": 1, "internal/mapping": 1, "internal/accesslog": 1, "internal/metrics": 1, "internal/watch": 1,
	"internal/openapi": 2, "internal/authorizer": 2, "internal/integration": 2, "internal/jwtauth": 2, "internal/jwt/jwttest": 2,
	"internal/sam": 3, "internal/lambda": 3, "internal/demo": 3, "internal/gateway": 3, "internal/lint": 3, "internal/admin": 3,
	"internal/cli": 4,
	"cmd/apigw":    5,
}

func TestImportsGoDown(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"internal/...", module+"cmd/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		layer, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no layer; add it to layers", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, module)
			if ours && layers[dep] >= layer {
				t.Errorf("%s (layer %d) imports %s (layer %d); imports must go down", pkg, layer, dep, layers[dep])
			}
		}
	}
}

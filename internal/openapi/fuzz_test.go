package openapi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// FuzzLoad: Load never panics and returns a Definition or an error; an
// error joins *api.Error of KindInvalid or KindUnsupported (Load reads no
// file), and a Definition's routes have
// valid paths and name authorizers it defines.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.*")
	more, _ := filepath.Glob("testdata/*.*")
	for _, path := range append(files, more...) {
		if data, err := os.ReadFile(path); err == nil && filepath.Ext(path) != ".golden" {
			f.Add(data, true)
		}
	}
	f.Add([]byte(lambdaGet(secured, tokenScheme(""))), true)
	f.Add([]byte(getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/{proxy}'}", "")), false)
	f.Add([]byte("swagger: '2.0'\npaths: {/a: {x-amazon-apigateway-any-method: {security: [{}]}}}\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, withFunctions bool) {
		opts := Options{File: testFile}
		if withFunctions {
			opts.FunctionByARN = resolveTestFunction
		}
		d, err := Load(data, opts)
		if (d == nil) == (err == nil) {
			t.Fatalf("Load: got %v, %v; want exactly one of a Definition and an error", d, err)
		}
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkFuzzDefinition(t, d)
	})
}

func checkFuzzError(t *testing.T, err error) {
	api.Leaves(err, func(e error) {
		ae, ok := e.(*api.Error)
		if !ok || ae.Kind != api.KindInvalid && ae.Kind != api.KindUnsupported {
			t.Fatalf("Load error %#v: want only *api.Error of KindInvalid or KindUnsupported", e)
		}
	})
}

func checkFuzzDefinition(t *testing.T, d *Definition) {
	for _, r := range d.Routes {
		if _, msg := parsePath(r.Path); msg != "" {
			t.Fatalf("route %s %s: invalid path served: %s", r.Method, r.Path, msg)
		}
		if r.Authorizer != "" && d.Authorizers[r.Authorizer] == nil {
			t.Fatalf("route %s %s: authorizer %q is not defined", r.Method, r.Path, r.Authorizer)
		}
		if r.Integration.Type == api.IntegrationLambdaProxy && r.Integration.Function == "" {
			t.Fatalf("route %s %s: Lambda integration without a function", r.Method, r.Path)
		}
	}
	for name, a := range d.Authorizers {
		if a.TTLSeconds < 0 || a.TTLSeconds > api.MaxAuthorizerTTL || a.Function == "" {
			t.Fatalf("authorizer %s: got %+v; want ttl in range and a function", name, a)
		}
	}
}

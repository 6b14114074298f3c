package openapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// FuzzLoad: Load never panics and returns a Definition or an error; an
// error joins *api.Error of KindInvalid only (Load reads no file, and
// what apigw cannot serve yet is a finding, not an error). A Definition's
// routes have valid paths and name authorizers it defines; a Lambda
// integration or authorizer without a function has a Gap; and no route
// loses the authorizer its security names (never fail open): an
// independent reading of the document finds every route whose security
// names an authorizer-like scheme, and each must have an authorizer.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.*")
	more, _ := filepath.Glob("testdata/*.*")
	for _, path := range append(files, more...) {
		if data, err := os.ReadFile(path); err == nil && filepath.Ext(path) != ".golden" {
			f.Add(data, true)
		}
	}
	f.Add([]byte(lambdaGet(secured, tokenScheme(""))), true)
	f.Add([]byte(lambdaGet("      security: [{Pool: []}]\n", schemes("Pool", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: cognito_user_pools\n"))), true)
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
		checkNoFailOpen(t, data, d)
	})
}

func checkFuzzError(t *testing.T, err error) {
	api.Leaves(err, func(e error) {
		ae, ok := e.(*api.Error)
		if !ok || ae.Kind != api.KindInvalid {
			t.Fatalf("Load error %#v: want only *api.Error of KindInvalid", e)
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
		if r.Integration.Type == api.IntegrationLambdaProxy && r.Integration.Function == "" && !r.Integration.Gap.Missing() {
			t.Fatalf("route %s %s: Lambda integration without a function and without a Gap", r.Method, r.Path)
		}
	}
	for name, a := range d.Authorizers {
		if a.Gap.Missing() {
			continue
		}
		if a.TTLSeconds < 0 || a.TTLSeconds > api.MaxAuthorizerTTL || a.Function == "" {
			t.Fatalf("authorizer %s: got %+v; want ttl in range and a function, or a Gap", name, a)
		}
	}
	for _, e := range d.Unsupported {
		if e.Kind != api.KindUnsupported {
			t.Fatalf("finding %v: want KindUnsupported", e)
		}
	}
}

// checkNoFailOpen reads the document on its own (as plain YAML) and
// checks that every route whose security names a scheme that is not a
// bare API key (nor SAM's NONE) has an authorizer, and one that fails
// closed if apigw cannot run it.
func checkNoFailOpen(t *testing.T, data []byte, d *Definition) {
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil {
		return
	}
	guarded := guardingSchemes(doc)
	paths, _ := doc["paths"].(map[string]any)
	for key, item := range paths {
		ops, _ := item.(map[string]any)
		for m, op := range ops {
			method := strings.ToUpper(m)
			if m == extAnyMethod {
				method = api.MethodAny
			}
			if !requiresAuthorizer(op, doc["security"], guarded) {
				continue
			}
			for _, r := range d.Routes {
				if r.Path == trimTrailingSlash(key) && r.Method == method && (r.Authorizer == "" || d.Authorizers[r.Authorizer] == nil) {
					t.Fatalf("route %s %s: its security names an authorizer, and it has none (fail open)", r.Method, r.Path)
				}
			}
		}
	}
}

// guardingSchemes are the security schemes that are more than an API key.
func guardingSchemes(doc map[string]any) map[string]bool {
	out := map[string]bool{}
	comps, _ := doc["components"].(map[string]any)
	for _, all := range []any{comps["securitySchemes"], doc["securityDefinitions"]} {
		schemes, _ := all.(map[string]any)
		for name, v := range schemes {
			s, _ := v.(map[string]any)
			_, lambda := s[extAuthorizer]
			_, authType := s[extAuthType]
			out[name] = s["type"] != schemeTypeAPIKey || lambda || authType
		}
	}
	return out
}

// requiresAuthorizer reports whether op's security (else the document's)
// names a guarding scheme.
func requiresAuthorizer(op, global any, guarded map[string]bool) bool {
	o, _ := op.(map[string]any)
	sec, ok := o["security"]
	if !ok {
		sec = global
	}
	list, _ := sec.([]any)
	for _, req := range list {
		m, _ := req.(map[string]any)
		for name := range m {
			if guarded[name] {
				return true
			}
		}
	}
	return false
}

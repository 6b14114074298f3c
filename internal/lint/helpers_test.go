package lint

import (
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

const testFile = "template.yaml"

var testScope = Scope{Region: "us-east-1", AccountID: "123456789012"}

// tokenAuth is a TOKEN authorizer on the Authorization header.
func tokenAuth(name string, ttl int) *api.Authorizer {
	return &api.Authorizer{Name: name, Type: api.AuthorizerToken, Function: name + "Fn", TTLSeconds: ttl,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}},
		Source:          api.Location{File: testFile, LogicalID: "Api", Field: "Auth." + name, Line: 10}}
}

// requestAuth is a REQUEST authorizer keyed on sources.
func requestAuth(name string, ttl int, sources ...string) *api.Authorizer {
	az := tokenAuth(name, ttl)
	az.Type, az.IdentitySources = api.AuthorizerRequest, nil
	for _, s := range sources {
		src, err := api.ParseIdentitySource(s)
		if err != nil {
			panic(err)
		}
		az.IdentitySources = append(az.IdentitySources, src)
	}
	return az
}

// route is METHOD PATH guarded by authorizer ("" for none).
func route(method, path, authorizer string, line int) *api.Route {
	return &api.Route{Method: method, Path: path, Authorizer: authorizer,
		Integration: api.Integration{Type: api.IntegrationMock},
		Source:      api.Location{File: testFile, LogicalID: "Fn", Line: line}}
}

// model is one API on stage prod with these authorizers and routes.
func model(azs []*api.Authorizer, routes ...*api.Route) *api.Template {
	a := &api.API{LogicalID: "Api", ID: api.IDFor("Api"), Stage: "prod", Routes: routes, Authorizers: map[string]*api.Authorizer{}}
	for _, az := range azs {
		a.Authorizers[az.Name] = az
	}
	api.SortRoutes(a.Routes)
	return &api.Template{File: testFile, APIs: []*api.API{a}}
}

// httpModel makes tpl's API an HTTP API.
func httpModel(tpl *api.Template) *api.Template {
	tpl.APIs[0].Kind = api.KindHTTP
	return tpl
}

func azs(list ...*api.Authorizer) []*api.Authorizer { return list }

// withPolicy gives tpl's API a resource policy.
func withPolicy(tpl *api.Template, doc string) *api.Template {
	tpl.APIs[0].ResourcePolicy = &api.ResourcePolicy{Document: []byte(doc), Source: api.Location{File: testFile, LogicalID: "Api", Field: "Policy", Line: 5}}
	return tpl
}

func rulesOf(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Rule
	}
	return out
}

func wantRules(t *testing.T, fs []Finding, want []string) {
	t.Helper()
	if got := rulesOf(fs); !slices.Equal(got, want) {
		t.Fatalf("rules %q; want %q\nfindings: %+v", got, want, fs)
	}
}

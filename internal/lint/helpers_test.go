package lint

import (
	"slices"
	"strings"
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

// httpAuth is an HTTP API Lambda authorizer (payload "1.0" or "2.0";
// simple responses with 2.0 only) keyed on HTTP API identity sources.
func httpAuth(name string, ttl int, payload string, simple bool, sources ...string) *api.Authorizer {
	az := tokenAuth(name, ttl)
	az.Type, az.PayloadVersion, az.SimpleResponses, az.IdentitySources = api.AuthorizerRequest, payload, simple, nil
	for _, s := range sources {
		src, err := api.ParseHTTPIdentitySource(s)
		if err != nil {
			panic(err)
		}
		az.IdentitySources = append(az.IdentitySources, src)
	}
	return az
}

// httpRoute is the HTTP API route with key ("GET /pets", "$default").
func httpRoute(key, authorizer string, line int) *api.Route {
	method, path, _ := strings.Cut(key, " ")
	if key == api.RouteKeyDefault {
		method, path = api.MethodAny, "/{proxy+}"
	}
	r := route(method, path, authorizer, line)
	r.Key = key
	return r
}

// httpAPI is one HTTP API on the $default stage.
func httpAPI(azs []*api.Authorizer, routes ...*api.Route) *api.Template {
	tpl := httpModel(model(azs, routes...))
	tpl.APIs[0].Stage = api.DefaultStage
	return tpl
}

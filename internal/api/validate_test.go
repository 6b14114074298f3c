package api

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	fn := map[string]*Function{"Fn": {LogicalID: "Fn"}}
	lambda := Integration{Type: IntegrationLambdaProxy, Function: "Fn"}
	auth := func(ttl int) *Authorizer {
		return &Authorizer{Name: "A", Type: AuthorizerToken, Function: "Fn", TTLSeconds: ttl,
			IdentitySources: []IdentitySource{{SourceHeader, "Authorization"}}, Source: Location{File: "t.yaml", LogicalID: "Api", Field: "Auth"}}
	}
	route := func(m, p string) *Route {
		return &Route{Method: m, Path: p, Integration: lambda, Authorizer: "A", Source: Location{File: "t.yaml", LogicalID: "Fn", Field: "Events." + m + p}}
	}
	tests := []struct {
		name    string
		routes  []*Route
		ttl     int
		wantMsg string // "" means valid
	}{
		{"valid seed setup", []*Route{route("ANY", "/{proxy+}"), route("GET", "/")}, 300, ""},
		{"ANY and GET on one resource are distinct (PIPE-3)", []*Route{route("ANY", "/pets"), route("GET", "/pets")}, 0, ""},
		{"C-1 TTL 3601", []*Route{route("GET", "/")}, 3601, "outside 0..3600"},
		{"PIPE-4 greedy not last", []*Route{route("GET", "/{proxy+}/x")}, 0, "must be last"},
		{"duplicate route", []*Route{route("GET", "/pets"), route("GET", "/pets")}, 0, "declared twice"},
		{"sibling variables", []*Route{route("GET", "/pets/{id}"), route("PUT", "/pets/{petId}/x")}, 0, "sibling variable parts"},
		{"bad method", []*Route{route("FETCH", "/")}, 0, `method "FETCH"`},
		{"empty segment", []*Route{route("GET", "/a//b")}, 0, "empty path part"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := &Template{Functions: fn, APIs: []*API{{LogicalID: "Api", Routes: tt.routes, Authorizers: map[string]*Authorizer{"A": auth(tt.ttl)}}}}
			err := tpl.Validate()
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			var e *Error
			if !errors.Is(err, KindInvalid) || errors.Is(err, KindUnsupported) || !errors.As(err, &e) || !strings.Contains(err.Error(), tt.wantMsg) || e.File != "t.yaml" {
				t.Fatalf("Validate() = %v; want KindInvalid at t.yaml containing %q", err, tt.wantMsg)
			}
		})
	}
}

func TestValidateCrossReferences(t *testing.T) {
	t.Parallel()
	tpl := &Template{Functions: map[string]*Function{}, APIs: []*API{{LogicalID: "Api",
		Authorizers: map[string]*Authorizer{"A": {Name: "A", Type: AuthorizerRequest, Function: "Gone", TTLSeconds: 300}},
		Routes:      []*Route{{Method: "GET", Path: "/", Authorizer: "Missing", Integration: Integration{Type: IntegrationLambdaProxy, Function: "Nope"}}},
	}}}
	err := tpl.Validate()
	for _, want := range []string{`function "Gone"`, "R-4", `authorizer "Missing"`, `function "Nope"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to mention %s", err, want)
		}
	}
}

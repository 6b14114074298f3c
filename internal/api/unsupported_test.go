package api

import "testing"

// TestRouteGap: the stage a route fails at follows PIPE-1's order: an
// authorizer that cannot run fails the route before anything else.
func TestRouteGap(t *testing.T) {
	t.Parallel()
	cognito := Gap{What: "Cognito user pool authorizers"}
	java := Gap{What: "runtime java21"}
	fns := map[string]*Function{"Java": {Gap: java}, "Node": {}}
	tests := []struct {
		name      string
		api       *API
		route     *Route
		wantStage FailStage
		wantWhat  string
	}{
		{"served", &API{}, &Route{Integration: Integration{Function: "Node"}}, FailNone, ""},
		{"authorizer first", &API{Authorizers: map[string]*Authorizer{"C": {Gap: cognito}}},
			&Route{Authorizer: "C", Integration: Integration{Function: "Java"}}, FailAuthorizer, cognito.What},
		{"authorizer's function's runtime", &API{Authorizers: map[string]*Authorizer{"J": {Function: "Java"}}},
			&Route{Authorizer: "J", Integration: Integration{Function: "Node"}}, FailAuthorizer, java.What},
		{"function's runtime", &API{}, &Route{Integration: Integration{Function: "Java"}}, FailIntegration, java.What},
		{"integration", &API{}, &Route{Integration: Integration{Gap: Gap{What: "REST response streaming"}}}, FailIntegration, "REST response streaming"},
		{"whole API", &API{Gap: Gap{What: "HTTP APIs"}}, &Route{}, FailIntegration, "HTTP APIs"},
		{"supported authorizer, unknown function stays served here (Validate reports it)", &API{Authorizers: map[string]*Authorizer{"A": {}}},
			&Route{Authorizer: "A", Integration: Integration{Function: "Nope"}}, FailNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stage, gap := RouteGap(tt.api, tt.route, fns)
			if stage != tt.wantStage || gap.What != tt.wantWhat {
				t.Fatalf("RouteGap = %v, %q; want %v, %q", stage, gap.What, tt.wantStage, tt.wantWhat)
			}
		})
	}
}

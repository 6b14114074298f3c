package api

// Partial serving (issue 9). A template that CloudFormation would deploy
// loads even where apigw cannot do everything it declares: each thing it
// cannot do yet is marked, in words a SAM user knows, on the part of the
// model that needs it (an API, an authorizer, a function, an integration),
// and listed once, located, in Template.Unsupported. The gateway still
// routes every route and fails a marked one closed at the stage that needs
// the missing part; nothing marked is ever skipped to let a request through.

// Gap is one thing apigw cannot do yet: what (in a SAM user's words, for
// the x-apigw-unsupported header and the log line) and where it was
// declared. The zero Gap means nothing is missing.
type Gap struct {
	What   string
	Source Location
}

// Missing reports whether g marks something apigw cannot do.
func (g Gap) Missing() bool { return g.What != "" }

// FailStage is the pipeline stage a route fails at because of a Gap: it
// decides the gateway response (PIPE-1).
type FailStage uint8

// Stages a route can fail at.
const (
	// FailNone: the route is served.
	FailNone FailStage = iota
	// FailAuthorizer: the route's authorizer cannot run; the request fails
	// as an authorizer that cannot be invoked does on AWS (500
	// {"message":null}, AUTHORIZER_CONFIGURATION_ERROR, O-8), never served
	// without it.
	FailAuthorizer
	// FailIntegration: the route's integration (its type, its function's
	// runtime or packaging, the whole API's kind) cannot run; the
	// authorizer runs as usual, then the request fails as an integration
	// AWS cannot call (500 {"message": "Internal server error"}).
	FailIntegration
)

// RouteGap is why route r of API a cannot be served faithfully and the
// stage it fails at; FailNone and the zero Gap when it can. fns are the
// template's functions. The authorizer comes first, as on AWS (PIPE-1).
func RouteGap(a *API, r *Route, fns map[string]*Function) (FailStage, Gap) {
	if az := a.Authorizers[r.Authorizer]; r.Authorizer != "" && az != nil {
		if gap := AuthorizerGap(az, fns); gap.Missing() {
			return FailAuthorizer, gap
		}
	}
	switch {
	case a.Gap.Missing():
		return FailIntegration, a.Gap
	case r.Integration.Gap.Missing():
		return FailIntegration, r.Integration.Gap
	}
	if fn := fns[r.Integration.Function]; r.Integration.Function != "" && fn != nil && fn.Gap.Missing() {
		return FailIntegration, fn.Gap
	}
	return FailNone, Gap{}
}

// AuthorizerGap is why authorizer az cannot run: its own Gap, else its
// function's (a Lambda authorizer on a runtime apigw cannot run); the zero
// Gap when it can. fns are the template's functions.
func AuthorizerGap(az *Authorizer, fns map[string]*Function) Gap {
	if az.Gap.Missing() {
		return az.Gap
	}
	if fn := fns[az.Function]; az.Function != "" && fn != nil {
		return fn.Gap
	}
	return Gap{}
}

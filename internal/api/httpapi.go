package api

// APIKind says which API Gateway product an API is: REST (the zero value)
// or an HTTP API (API Gateway v2), whose routing, events and error
// responses follow the spec's V- rules.
type APIKind string

// API kinds.
const (
	KindREST APIKind = ""
	KindHTTP APIKind = "HTTP"
)

// IsHTTP reports whether a is an HTTP API.
func (a *API) IsHTTP() bool { return a.Kind == KindHTTP }

// RouteKeyDefault is an HTTP API's $default route key: the route that
// catches every request no other route matches (V-11). Its Route has
// Method ANY and Path "/{proxy+}"; the router matches it only after every
// other route.
const RouteKeyDefault = "$default"

// DefaultStage is the stage HTTP APIs serve at the root of their URL,
// without a stage segment (V-11).
const DefaultStage = "$default"

// RouteKey is the route as configured: an HTTP API route's Key ("GET
// /pets/{id}", "$default"), else "METHOD /path" (V-11).
func (r *Route) RouteKey() string {
	if r.Key != "" {
		return r.Key
	}
	return r.Method + " " + r.Path
}

// IsDefault reports whether r is an HTTP API's $default route.
func (r *Route) IsDefault() bool { return r.Key == RouteKeyDefault }

package record

// Auth.Outcome values.
const (
	OutcomeAllow        = "allow"
	OutcomeDeny         = "deny"         // 403
	OutcomeUnauthorized = "unauthorized" // 401
	OutcomeError        = "error"        // 500
	OutcomeSkipped      = "skipped"      // --disable-authorizer
)

// Integration.Kind values.
const (
	KindLambda = "lambda"
	KindHTTP   = "http"
	KindMock   = "mock"
)

// CalledFunction reports whether a request whose Auth.Cache is cache ran
// its Lambda authorizer's function itself: the cache had no entry
// ("miss"), the TTL is 0 ("off") or the cache store could not be read
// ("unavailable"); a "hit", a "shared" call or a request refused before
// the lookup ran none.
func CalledFunction(cache string) bool {
	return cache == "miss" || cache == "off" || cache == "unavailable"
}

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

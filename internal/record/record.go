package record

import (
	"encoding/json"
	"time"
)

// Record is one request, as decided and served. Strings are shared with
// the request and the loaded template (never copied per request); a Record
// is a value, copied into the Ring, and must not be changed once added.
type Record struct {
	RequestID string `json:"requestId"`
	// ExtendedRequestID is x-amz-apigw-id ($context.extendedRequestId); an
	// HTTP API's is its RequestID.
	ExtendedRequestID string    `json:"extendedRequestId,omitempty"`
	Time              time.Time `json:"time"` // when the request was received
	API               string    `json:"api"`  // the API's logical id
	APIID             string    `json:"apiId"`
	Stage             string    `json:"stage"`
	Method            string    `json:"method"`
	Path              string    `json:"path"`
	// Route is the matched route's key ("GET /pets/{id}"); "" when none
	// matched.
	Route  string `json:"route,omitempty"`
	Status int    `json:"status"`
	// SourceIP is the client address the gateway used ($context.identity.sourceIp).
	SourceIP  string `json:"sourceIp,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	// Host is the request's Host header ($context.domainName), Protocol
	// its HTTP version ("HTTP/1.1").
	Host     string `json:"host,omitempty"`
	Protocol string `json:"protocol,omitempty"`
	// ResponseLength is the response body's length in bytes.
	ResponseLength int     `json:"responseLength"`
	Latency        Latency `json:"latency"`
	// Auth is the route authorizer's decision; zero when the route has none.
	Auth        Auth        `json:"auth,omitzero"`
	Integration Integration `json:"integration,omitzero"`
	// ResourcePolicy is the API resource policy's decision, when checked.
	ResourcePolicy string `json:"resourcePolicy,omitempty"`
	// Unsupported names what a route not served needs ("" when served),
	// Declared where the template declares it.
	Unsupported string `json:"unsupported,omitempty"`
	Declared    string `json:"declared,omitempty"`
	// Preflight: the gateway answered this CORS preflight itself (no route
	// of the API takes OPTIONS on the path).
	Preflight bool `json:"preflight,omitempty"`
	// ErrorType is the gateway response type of a request the gateway
	// answered itself ("ACCESS_DENIED", "UNAUTHORIZED", ...; "" otherwise).
	ErrorType string `json:"errorType,omitempty"`
	// ErrorMessage is that response's $context.error.message ("" when
	// null).
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// Latency splits a request's time by stage of the pipeline.
type Latency struct {
	Total       time.Duration `json:"total"`                // received to response written
	Authorizer  time.Duration `json:"authorizer,omitempty"` // waiting for an authorizer call
	Integration time.Duration `json:"integration,omitempty"`
}

// Auth is an authorizer's part in a request.
type Auth struct {
	Authorizer string `json:"authorizer"`
	// Outcome is "allow", "deny" (403), "unauthorized" (401), "error"
	// (500) or "skipped" (--disable-authorizer).
	Outcome string `json:"outcome"`
	// Cache is how the decision was obtained: "hit", "miss", "shared",
	// "off", "not consulted", "unavailable".
	Cache string `json:"cache,omitempty"`
	// KeyHash is the short hash of the cache key. Hashing costs more than
	// the rest of a record, so the gateway leaves it "" and Hash renders it
	// from Explain on read (when Explain has a KeyHash method).
	KeyHash   string `json:"keyHash,omitempty"`
	Principal string `json:"principal,omitempty"`
	// Context is the authorizer's context ($context.authorizer.<key> in
	// access logs), shared with the request: read only. Not in the JSON.
	Context map[string]string `json:"-"`
	// Explain renders the explanation sentence, the deciding statement and
	// the allowed resources on demand (the request's path does not pay for
	// rendering); nil for none.
	Explain Explainer `json:"-"`
}

// Explainer is the decision's explanation, rendered when a Record is read.
type Explainer interface {
	// String is the one-sentence explanation of the decision.
	String() string
	// Statement is the statement that decided ("" when none did).
	Statement() string
	// Allowed lists the resources the policy allows.
	Allowed() []string
}

// Integration is the backend's part in a request.
type Integration struct {
	Kind              string `json:"kind"` // "lambda", "http", "mock"
	Function          string `json:"function,omitempty"`
	FunctionRequestID string `json:"functionRequestId,omitempty"`
	ColdStart         bool   `json:"coldStart,omitempty"`
	// Status is the status the integration answered with: the function's
	// statusCode, the backend's or the mock's status; 0 when it failed.
	Status int `json:"status,omitempty"`
}

// authJSON is Auth with its explanation rendered.
type authJSON struct {
	Authorizer  string   `json:"authorizer"`
	Outcome     string   `json:"outcome"`
	Cache       string   `json:"cache,omitempty"`
	KeyHash     string   `json:"keyHash,omitempty"`
	Principal   string   `json:"principal,omitempty"`
	Explanation string   `json:"explanation,omitempty"`
	Statement   string   `json:"statement,omitempty"`
	Allowed     []string `json:"allowed,omitempty"`
}

// keyHasher is an Explainer that knows its cache key's hash.
type keyHasher interface{ KeyHash() string }

// Hash is KeyHash, rendered from Explain when the record left it "".
func (a *Auth) Hash() string {
	if a.KeyHash != "" {
		return a.KeyHash
	}
	if k, ok := a.Explain.(keyHasher); ok {
		return k.KeyHash()
	}
	return ""
}

// MarshalJSON renders the explanation and the key hash.
func (a Auth) MarshalJSON() ([]byte, error) {
	j := authJSON{Authorizer: a.Authorizer, Outcome: a.Outcome, Cache: a.Cache, KeyHash: a.Hash(), Principal: a.Principal}
	if a.Explain != nil {
		j.Explanation, j.Statement, j.Allowed = a.Explain.String(), a.Explain.Statement(), a.Explain.Allowed()
	}
	return json.Marshal(j)
}

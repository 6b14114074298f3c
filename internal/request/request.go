package request

import (
	"strings"
	"time"
)

// Field is one name/value pair as the client sent it.
type Field struct {
	Name  string
	Value string
}

// Request is one request on its way through the gateway.
type Request struct {
	Method   string  // upper-case verb as sent ("GET")
	Path     string  // actual path as sent (percent-encoded, leading slashes collapsed; L-9), without the stage: "/pets/7"
	RawQuery string  // query string as sent, without '?'
	Headers  []Field // raw names, arrival order, repeats kept
	Query    []Field // decoded, arrival order, repeats kept
	Body     []byte
	Protocol string // "HTTP/1.1"
	SourceIP string
	Host     string
	// ServerPort is the port the client connected to (X-Forwarded-Port,
	// L-5); 0 when unknown.
	ServerPort int

	// Filled by the gateway once the route is known.
	APIID          string
	DeploymentID   string // the deployment the stage serves ($context.deploymentId, L-1)
	AccountID      string
	Region         string
	Stage          string
	Resource       string  // resource path template: "/{proxy+}"
	ResourceID     string  // stable id of the resource
	PathParams     []Field // percent-encoded as sent, as REST APIs give them; {proxy+} without its leading slash
	StageVariables map[string]string
	RequestID      string
	ReceivedAt     time.Time

	// traceID is TraceID's value once computed (makeTrace); a generated
	// one is first made in generatedTrace (traceGenerated), so that
	// appending it to a backend's header allocates nothing.
	traceID        string
	generatedTrace [generatedTraceLen]byte
	traceGenerated bool
}

// Header returns the last value of the header named name, compared without
// regard to case, and whether it was present.
func (r *Request) Header(name string) (string, bool) {
	for i := len(r.Headers) - 1; i >= 0; i-- {
		if strings.EqualFold(r.Headers[i].Name, name) {
			return r.Headers[i].Value, true
		}
	}
	return "", false
}

// QueryValue returns the last value of the query parameter named exactly
// name, and whether it was present.
func (r *Request) QueryValue(name string) (string, bool) {
	for i := len(r.Query) - 1; i >= 0; i-- {
		if r.Query[i].Name == name {
			return r.Query[i].Value, true
		}
	}
	return "", false
}

// PathParam returns the decoded value of a path parameter.
func (r *Request) PathParam(name string) (string, bool) {
	for _, p := range r.PathParams {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

package gateway

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// Response headers of the gateway (DESIGN section 2, G-6).
const (
	HeaderRequestID   = "x-amzn-RequestId"
	HeaderAPIGWID     = "x-amz-apigw-id"
	HeaderErrorType   = "x-amzn-ErrorType"
	HeaderContentType = "Content-Type"
	ContentTypeJSON   = "application/json"
)

// Default body templates: G-2 for every type, and the capitalised key AWS
// uses for ACCESS_DENIED while neither it nor DEFAULT_4XX is customised (O-9).
const (
	defaultBodyTemplate      = `{"message":$context.error.messageString}`
	accessDeniedBodyTemplate = `{"Message":$context.error.messageString}`
)

// renderVars is what a gateway response can refer to at request time.
type renderVars struct {
	Req *request.Request // method.request.*, stageVariables.*, $context.*; may be nil
	// Message is $context.error.message; nil means the type's default (G-1
	// table in response_types.go), which is itself nil, rendering
	// messageString as null, for the authorizer 5xx types (O-8).
	Message *string
	// PrincipalID and AuthorizerContext are $context.authorizer.*; set them
	// after an authorizer ran, deny included (G-5).
	PrincipalID       string
	AuthorizerContext map[string]string
}

// renderCtx is one rendering: the variables with the message and type
// settled.
type renderCtx struct {
	vars     *renderVars
	message  *string
	reported api.ResponseType
}

// responses holds every response type resolved against an API's
// customisations; it is read-only after newResponses.
type responses struct {
	byType map[api.ResponseType]*resolvedResponse
}

// resolvedResponse is one type after G-3 inheritance.
type resolvedResponse struct {
	reported    api.ResponseType // $context.error.responseType
	status      int
	errorType   string
	message     *string // default message
	contentType string
	body        bodyTemplate
	headers     []headerMapping // sorted by name
	ownType     bool            // headers override Content-Type / x-amzn-ErrorType
	ownCT       bool
	// For the default message when nothing depends on the request: shared,
	// read-only output.
	staticBody    []byte
	staticHeaders []request.Field
}

// newResponses validates an API's customisations (SAM GatewayResponses or
// x-amazon-apigateway-gateway-responses) and resolves every type once.
func newResponses(custom map[api.ResponseType]*api.GatewayResponse) (*responses, error) {
	parsed := make(map[api.ResponseType]*parsedCustom, len(custom))
	for t, gr := range custom {
		pc, err := parseCustom(t, gr)
		if err != nil {
			return nil, err
		}
		parsed[t] = pc
	}
	rs := &responses{byType: make(map[api.ResponseType]*resolvedResponse, len(typeDefaults))}
	for t, d := range typeDefaults {
		rs.byType[t] = resolve(t, d, parsed)
	}
	return rs, nil
}

// parsedCustom is one validated customisation.
type parsedCustom struct {
	status      int
	headers     []headerMapping
	contentType string // "" when no template was given
	body        bodyTemplate
}

func parseCustom(t api.ResponseType, gr *api.GatewayResponse) (*parsedCustom, error) {
	if _, known := typeDefaults[t]; !known || internal(t) {
		return nil, fmt.Errorf("%w: unknown response type %q", ErrGatewayResponse, t)
	}
	if gr == nil {
		return &parsedCustom{}, nil
	}
	if gr.StatusCode != 0 && (gr.StatusCode < 200 || gr.StatusCode > 599) {
		// BAD-1: AWS accepts 1xx here, but sent as a final answer it would
		// be read as an interim response and desynchronise the connection.
		return nil, fmt.Errorf("%w: %s: status code %d not in 200..599 (apigw never sends a 1xx as an answer)", ErrGatewayResponse, t, gr.StatusCode)
	}
	pc := &parsedCustom{status: gr.StatusCode}
	headers, err := parseHeaderMappings(gr.Headers)
	if err != nil {
		if gr.Source != (api.Location{}) {
			return nil, fmt.Errorf("%s: %s: %w", gr.Source, t, err)
		}
		return nil, fmt.Errorf("%s: %w", t, err)
	}
	pc.headers = headers
	if ct, tpl, ok := pickTemplate(gr.Templates); ok {
		pc.contentType, pc.body = ct, parseBodyTemplate(tpl)
	}
	return pc, nil
}

// pickTemplate chooses application/json when present, else the first
// content type in byte order (AWS's choice by the request's Accept header is
// not modelled).
func pickTemplate(templates map[string]string) (contentType, tpl string, ok bool) {
	if tpl, ok := templates[ContentTypeJSON]; ok {
		return ContentTypeJSON, tpl, true
	}
	keys := slices.Sorted(maps.Keys(templates))
	if len(keys) == 0 {
		return "", "", false
	}
	return keys[0], templates[keys[0]], true
}

// resolve applies G-3: a type's own customisation wins whole; else its
// class's DEFAULT_xXX; else the defaults. A customisation without a status
// keeps the type's default status, and one without templates gets G-2's
// template (so O-9's capital "Message" survives only when ACCESS_DENIED
// and DEFAULT_4XX are both uncustomised).
func resolve(t api.ResponseType, d typeDefault, custom map[api.ResponseType]*parsedCustom) *resolvedResponse {
	rr := &resolvedResponse{reported: t, status: d.status, errorType: d.errorType, message: d.message}
	if internal(t) {
		rr.reported = d.class
	}
	pc := custom[t]
	if pc == nil && d.class != "" {
		pc = custom[d.class]
	}
	rr.contentType, rr.body = ContentTypeJSON, parseBodyTemplate(defaultBodyTemplate)
	if pc == nil && t == api.ResponseAccessDenied {
		rr.body = parseBodyTemplate(accessDeniedBodyTemplate)
	}
	if pc != nil {
		rr.apply(pc)
	}
	rr.precompute()
	return rr
}

func (rr *resolvedResponse) apply(pc *parsedCustom) {
	rr.status = cmp.Or(pc.status, rr.status)
	if pc.contentType != "" {
		rr.contentType, rr.body = pc.contentType, pc.body
	}
	rr.headers = pc.headers
	for _, h := range pc.headers {
		rr.ownCT = rr.ownCT || strings.EqualFold(h.name, HeaderContentType)
		rr.ownType = rr.ownType || strings.EqualFold(h.name, HeaderErrorType)
	}
}

// precompute renders the default-message output once when it cannot vary.
func (rr *resolvedResponse) precompute() {
	if !rr.body.static() {
		return
	}
	for _, h := range rr.headers {
		if h.src.kind != varLiteral {
			return
		}
	}
	c := &renderCtx{vars: &renderVars{}, message: rr.message, reported: rr.reported}
	rr.staticBody = rr.body.render(nil, c)
	rr.staticHeaders = rr.renderHeaders(c)
}

// render produces the response of type t. Without a message it uses the
// type's default. The returned slices may be shared: callers must not
// modify them. x-amzn-RequestId and x-amz-apigw-id are not included; the
// gateway sets them on every response.
func (rs *responses) render(t api.ResponseType, v *renderVars) (status int, headers []request.Field, body []byte) {
	rr := rs.byType[t]
	if rr == nil { // not a type apigw knows: fail closed as a 5xx
		rr = rs.byType[api.ResponseDefault5XX]
	}
	if v == nil {
		v = &renderVars{}
	}
	msg := v.Message
	if msg == nil {
		msg = rr.message
		if rr.staticBody != nil {
			return rr.status, rr.staticHeaders, rr.staticBody
		}
	}
	c := &renderCtx{vars: v, message: msg, reported: rr.reported}
	return rr.status, rr.renderHeaders(c), rr.body.render(nil, c)
}

// renderHeaders lists Content-Type, x-amzn-ErrorType (G-6) and the
// customised headers; a customised header replaces a standard one.
func (rr *resolvedResponse) renderHeaders(c *renderCtx) []request.Field {
	h := make([]request.Field, 0, 2+len(rr.headers))
	if !rr.ownCT {
		h = append(h, request.Field{Name: HeaderContentType, Value: rr.contentType})
	}
	if !rr.ownType {
		h = append(h, request.Field{Name: HeaderErrorType, Value: rr.errorType})
	}
	for i := range rr.headers {
		if v, ok := rr.headers[i].headerValue(c); ok {
			h = append(h, request.Field{Name: rr.headers[i].name, Value: v})
		}
	}
	return h
}

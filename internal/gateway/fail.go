package gateway

import (
	"errors"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/router"
)

// errorResponse is the one place an error becomes a gateway response.
// Anything it does not recognise is a 500: the request never reaches an
// integration it was not authorized for.
// A route apigw cannot serve yet answers as its failing stage does on AWS,
// plus HeaderUnsupported.
func (g *Gateway) errorResponse(x *exchange, err error) *Response {
	if x.isHTTP() {
		return g.httpErrorResponse(x, err)
	}
	t, msg := x.classify(err)
	x.errorType, x.errorMessage = t, msg
	v := &renderVars{Req: x.req, Message: msg}
	if x.auth.decided() {
		v.PrincipalID, v.AuthorizerContext = x.auth.PrincipalID, x.auth.Context
	}
	if x.st == nil {
		return renderDefault(t, v)
	}
	status, headers, body := x.st.responses.render(t, v)
	var u *unsupportedError // not &x.unsupported: x would escape on every request
	if errors.As(err, &u) {
		x.unsupported = u
		headers = append(slices.Clip(headers), u.header) // headers may be shared
	}
	return &Response{StatusCode: status, Headers: headers, Body: body}
}

// classify maps an error of any stage to its gateway response type and,
// when it differs from the type's default, the message: a deny's come from
// the authorizer's verdict, the others from the table below.
func (x *exchange) classify(err error) (api.ResponseType, *string) {
	if errors.Is(err, errDenied) && x.auth.decided() {
		return x.auth.denial()
	}
	if t, msg, ok := classifyResourcePolicy(err); ok {
		return t, msg
	}
	var u *unsupportedError
	if errors.As(err, &u) {
		return u.responseType(), nil
	}
	for _, m := range errorTypes {
		if errors.Is(err, m.err) {
			return m.typ, nil
		}
	}
	return api.ResponseAPIConfigurationError, nil
}

var errorTypes = []struct {
	err error
	typ api.ResponseType
}{
	{router.ErrNoRoute, api.ResponseMissingAuthenticationToken},
	{errUnknownAuthorizer, api.ResponseAuthorizerConfigurationError},
	{errStage, responseForbidden},
	{router.ErrBadPath, responseBadRequest},
	{arn.ErrTooLong, responseURITooLong},
	{integration.ErrFunction, responseLambdaProxyError},
	{integration.ErrMalformedResponse, responseLambdaProxyError},
	{integration.ErrBase64Body, api.ResponseAPIConfigurationError},
	{integration.ErrTimeout, api.ResponseIntegrationTimeout},
	{integration.ErrFailure, api.ResponseIntegrationFailure},
	{integration.ErrDotSegment, responseBadRequest},
	{errBodyTooLarge, api.ResponseRequestTooLarge},
	{errHeaderTooLarge, api.ResponseRequestTooLarge},
	{errBadRequest, responseBadRequest},
	{errReadTimeout, responseRequestTimeout},
	{errThrottled, api.ResponseThrottled},
}

// defaultResponses renders for requests that no API claims (a transport
// error before routing, or a template with no API).
var defaultResponses, _ = newResponses(nil)

func renderDefault(t api.ResponseType, v *renderVars) *Response {
	status, headers, body := defaultResponses.render(t, v)
	return &Response{StatusCode: status, Headers: headers, Body: body}
}

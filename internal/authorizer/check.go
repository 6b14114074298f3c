package authorizer

import (
	"regexp"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// check validates the configuration (C-1, T-2, T-4, R-2, R-4).
func (a *Authorizer) check(cfg *api.Authorizer) error {
	switch {
	case a.inv == nil:
		return a.invalid("no function invoker")
	case a.timeout <= 0:
		return a.invalid("timeout %v: want more than 0", a.timeout)
	case cfg.TTLSeconds < 0 || cfg.TTLSeconds > api.MaxAuthorizerTTL:
		return a.invalid("authorizerResultTtlInSeconds %d: want 0 to %d (C-1)", cfg.TTLSeconds, api.MaxAuthorizerTTL)
	case a.ttl > 0 && a.cache == nil:
		return a.invalid("TTL %ds needs a cache", cfg.TTLSeconds)
	}
	if err := a.checkSources(); err != nil {
		return err
	}
	switch a.typ {
	case api.AuthorizerToken:
		return a.compileValidation(cfg)
	case api.AuthorizerRequest:
		return a.checkHTTP() // REQUEST authorizers ignore the validation expression (T-4)
	default:
		return a.invalid("type %q: want TOKEN or REQUEST", a.typ)
	}
}

func (a *Authorizer) checkSources() error {
	if a.typ == api.AuthorizerToken && (len(a.sources) != 1 || a.sources[0].Kind != api.SourceHeader) {
		return a.invalid("a TOKEN authorizer needs exactly one identity source method.request.header.NAME (T-2); got %d sources", len(a.sources))
	}
	if a.ttl > 0 && len(a.sources) == 0 {
		return a.invalid("caching (TTL %v) needs at least one identity source (R-4)", a.ttl)
	}
	for _, s := range a.sources {
		if err := a.checkSource(s); err != nil {
			return err
		}
	}
	return nil
}

// probe answers every $context variable apigw knows, so a source it does not
// know can be rejected when the authorizer is loaded.
var probe = &request.Request{Headers: []request.Field{{Name: "User-Agent", Value: "probe"}}}

func (a *Authorizer) checkSource(s api.IdentitySource) error {
	switch s.Kind {
	case api.SourceHeader, api.SourceQueryString, api.SourceStageVariable:
		return nil
	case api.SourceContext:
		if _, ok := probe.ContextValue(s.Name); !ok && (a.payload == "" || s.Name != ctxRouteKey) {
			return a.invalid("identity source %s: apigw does not know $context.%s", s, s.Name)
		}
		return nil
	}
	return a.invalid("identity source of kind %q", s.Kind)
}

// compileValidation takes the TOKEN validation expression the loader
// compiled (api.CompileValidation, anchored, T-4); it compiles it only for a
// configuration built by hand, or unanchored with WithUnanchoredValidation.
func (a *Authorizer) compileValidation(cfg *api.Authorizer) error {
	expr, re := cfg.ValidationExpression, cfg.Validation
	var err error
	switch {
	case expr == "":
		return nil
	case a.unanchor:
		re, err = regexp.Compile(expr)
	case re == nil:
		re, err = api.CompileValidation(expr)
	}
	if err != nil {
		return a.invalid("identityValidationExpression %q cannot be compiled by Go's RE2 engine "+
			"(back-references and lookaround are not supported): %v", expr, err)
	}
	a.validate = re
	return nil
}

// checkHTTP checks an HTTP API authorizer's payload version and simple
// responses (V-1).
func (a *Authorizer) checkHTTP() error {
	switch {
	case a.payload != "" && a.payload != api.PayloadV1 && a.payload != api.PayloadV2:
		return a.invalid("payload format version %q: want 1.0 or 2.0 (V-1)", a.payload)
	case a.simple && a.payload != api.PayloadV2:
		return a.invalid("simple responses need payload format version 2.0 (V-1)")
	}
	return nil
}

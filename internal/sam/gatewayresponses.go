package sam

import (
	"github.com/apigw/apigw/internal/api"
)

// SAM's GatewayResponses shape.
const (
	grStatusCode         = "StatusCode"
	grResponseParameters = "ResponseParameters"
	grResponseTemplates  = "ResponseTemplates"
	grHeaders            = "Headers"
)

// samGatewayResponses reads SAM's GatewayResponses property:
// TYPE: {StatusCode, ResponseParameters: {Headers}, ResponseTemplates}.
func (l *loader) samGatewayResponses(f fields, a *api.API) {
	for _, typ := range f.keys() {
		rt := api.ResponseType(typ)
		if !api.KnownResponseType(rt) {
			f.fail(typ, "unknown gateway response type %q", typ)
			continue
		}
		g := f.sub(typ)
		gr := &api.GatewayResponse{StatusCode: g.integer(grStatusCode, 0), Templates: g.strMap(grResponseTemplates), Source: f.at(typ)}
		if gr.StatusCode != 0 && (gr.StatusCode < 100 || gr.StatusCode > 599) {
			g.fail(grStatusCode, "status %d is not an HTTP status", gr.StatusCode)
		}
		params := g.sub(grResponseParameters)
		gr.Headers = params.strMap(grHeaders)
		headers := params.sub(grHeaders)
		for name, src := range gr.Headers {
			if _, err := api.ParseHeaderSource(src); err != nil {
				headers.fail(name, "%v (G-4)", err)
			}
		}
		for _, k := range params.keys() {
			if k != grHeaders {
				params.fail(k, "gateway responses can only set Headers locally")
			}
		}
		a.GatewayResponses[rt] = gr
	}
}

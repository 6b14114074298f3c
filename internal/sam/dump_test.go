package sam

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// dump renders a model as stable text for golden files; code folders are
// shown relative to dir (the template's folder).
func dump(t *api.Template, dir string) string {
	var b strings.Builder
	for _, a := range t.APIs {
		dumpAPI(&b, a)
	}
	for _, id := range slices.Sorted(maps.Keys(t.Functions)) {
		dumpFunction(&b, t.Functions[id], dir)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(&b, "warning %s\n", relative(w, t.File, dir))
	}
	for _, e := range t.Unsupported {
		fmt.Fprintf(&b, "unsupported %s\n", relative(e.Error(), t.File, dir))
	}
	return b.String()
}

// relative shows file names in s relative to the template's folder.
func relative(s, file, dir string) string {
	s = strings.ReplaceAll(s, file, filepath.Base(file))
	if dir == "" {
		return s
	}
	return strings.ReplaceAll(s, dir+string(filepath.Separator), "")
}

// gapOf renders a Gap for a dump line; "" when there is none.
func gapOf(g api.Gap) string {
	if !g.Missing() {
		return ""
	}
	return fmt.Sprintf(" gap=%q at %s", g.What, fieldOf(g.Source))
}

func dumpAPI(b *strings.Builder, a *api.API) {
	kind := ""
	if a.IsHTTP() {
		kind = " kind=HTTP"
	}
	fmt.Fprintf(b, "api %s%s id=%s stage=%s%s\n", a.LogicalID, kind, a.ID, a.Stage, gapOf(a.Gap))
	if len(a.StageVariables) > 0 {
		fmt.Fprintf(b, "  stage variables: %s\n", pairs(a.StageVariables))
	}
	if len(a.BinaryMediaTypes) > 0 {
		fmt.Fprintf(b, "  binary media types: %s\n", strings.Join(a.BinaryMediaTypes, ", "))
	}
	for _, n := range slices.Sorted(maps.Keys(a.Authorizers)) {
		z := a.Authorizers[n]
		srcs := make([]string, len(z.IdentitySources))
		for i, s := range z.IdentitySources {
			srcs[i] = s.String()
		}
		jwt := ""
		if z.JWT != nil {
			jwt = fmt.Sprintf(" issuers=%q audience=%q", z.JWT.Issuers, z.JWT.Audience)
		}
		fmt.Fprintf(b, "  authorizer %s %s fn=%s ttl=%d sources=[%s] regex=%q%s at %s%s\n", n, z.Type, z.Function, z.TTLSeconds,
			strings.Join(srcs, ", "), z.ValidationExpression, jwt, fieldOf(z.Source), gapOf(z.Gap))
	}
	for _, typ := range slices.Sorted(maps.Keys(a.GatewayResponses)) {
		g := a.GatewayResponses[typ]
		fmt.Fprintf(b, "  gateway response %s status=%d headers={%s} templates={%s}\n", typ, g.StatusCode, pairs(g.Headers), pairs(g.Templates))
	}
	for _, r := range a.Routes {
		auth := r.Authorizer
		if auth == "" {
			auth = "NONE"
		}
		key := ""
		if r.Key != "" {
			key = fmt.Sprintf(" key=%q", r.Key)
		}
		op := ""
		if r.OperationName != "" {
			op = " op=" + r.OperationName
		}
		if r.Scopes != nil {
			op += fmt.Sprintf(" scopes=%q", r.Scopes)
		}
		fmt.Fprintf(b, "  route %s %s%s auth=%s%s -> %s at %s%s\n", r.Method, r.Path, key, auth, op, integration(r.Integration), fieldOf(r.Source), gapOf(r.Integration.Gap))
	}
}

func integration(in api.Integration) string {
	switch in.Type {
	case api.IntegrationLambdaProxy:
		return fmt.Sprintf("aws_proxy fn=%s payload=%s timeout=%dms", in.Function, in.PayloadVersion, in.TimeoutMs)
	case api.IntegrationHTTPProxy:
		return fmt.Sprintf("http_proxy %s %s timeout=%dms", in.HTTPMethod, in.URI, in.TimeoutMs)
	case api.IntegrationMock:
		if in.Mock == nil {
			return "mock"
		}
		return fmt.Sprintf("mock status=%d headers={%s} body=%q", in.Mock.StatusCode, pairs(in.Mock.Headers), in.Mock.Body)
	}
	return string(in.Type)
}

func dumpFunction(b *strings.Builder, f *api.Function, dir string) {
	code, err := filepath.Rel(dir, f.CodeDir)
	if err != nil || f.CodeDir == "" {
		code = f.CodeDir
	}
	fmt.Fprintf(b, "function %s name=%s runtime=%s handler=%s code=%s timeout=%d memory=%d arch=%s build=%s%s\n",
		f.LogicalID, f.FunctionName, f.Runtime, f.Handler, filepath.ToSlash(code), f.Timeout, f.MemoryMB, f.Architecture, f.BuildMethod, gapOf(f.Gap))
	if len(f.Environment) > 0 {
		fmt.Fprintf(b, "  env: %s\n", pairs(f.Environment))
	}
}

func fieldOf(l api.Location) string {
	return fmt.Sprintf("%s:%s", l.LogicalID, l.Field)
}

func pairs(m map[string]string) string {
	out := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s=%q", k, m[k]))
	}
	return strings.Join(out, " ")
}

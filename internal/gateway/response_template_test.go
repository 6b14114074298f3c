package gateway

import (
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

func TestParseBodyTemplate(t *testing.T) {
	t.Parallel()
	lit := func(s string) tmplPart { return tmplPart{kind: varLiteral, name: s, raw: s} }
	tests := []struct {
		name string
		in   string
		want bodyTemplate
	}{
		{"G-2 default template", defaultBodyTemplate, bodyTemplate{lit(`{"message":`), {kind: varErrorMessageString, raw: "$context.error.messageString"}, lit("}")}},
		{"formal reference", "${context.stage}!", bodyTemplate{{kind: varContext, name: "stage", raw: "${context.stage}"}, lit("!")}},
		{"G-4 stage variable", `"$stageVariables.env"`, bodyTemplate{lit(`"`), {kind: varStageVariable, name: "env", raw: "$stageVariables.env"}, lit(`"`)}},
		{"G-5 authorizer principal and key", "$context.authorizer.principalId/$context.authorizer.a-b", bodyTemplate{
			{kind: varAuthorizerPrincipal, raw: "$context.authorizer.principalId"}, lit("/"), {kind: varAuthorizerKey, name: "a-b", raw: "$context.authorizer.a-b"}}},
		{"trailing full stop is text", "$context.stage.", bodyTemplate{{kind: varContext, name: "stage", raw: "$context.stage"}, lit(".")}},
		{"not a reference", "$5 $ $context. ${context.x ${util.x}", bodyTemplate{lit("$5 $ $context. ${context.x ${util.x}")}},
		{"VTL is not evaluated", "#if($x)$context.stage#end", bodyTemplate{lit("#if($x)"), {kind: varContext, name: "stage", raw: "$context.stage"}, lit("#end")}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parseBodyTemplate(tt.in); !slices.Equal(got, tt.want) {
				t.Fatalf("parseBodyTemplate(%q) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzParseBodyTemplate: parsing never panics, its parts rebuild the
// template exactly, a template without '$' renders as itself, and rendering
// with and without a request never panics.
func FuzzParseBodyTemplate(f *testing.F) {
	for _, s := range []string{defaultBodyTemplate, accessDeniedBodyTemplate, "${context.stage}", "$stageVariables.", "$$context.error.message..", "${}", "$context.authorizer.", "\x00$"} {
		f.Add(s, "msg")
	}
	f.Fuzz(func(t *testing.T, tpl, msg string) {
		parts := parseBodyTemplate(tpl)
		var raw strings.Builder
		for _, p := range parts {
			if p.raw == "" {
				t.Fatalf("part %+v of %q has no source text", p, tpl)
			}
			raw.WriteString(p.raw)
		}
		if raw.String() != tpl {
			t.Fatalf("parts of %q rebuild %q", tpl, raw.String())
		}
		c := &renderCtx{vars: &renderVars{}, message: &msg, reported: api.ResponseUnauthorized}
		out := parts.render(nil, c)
		if !strings.Contains(tpl, "$") && string(out) != tpl {
			t.Fatalf("literal template %q rendered %q", tpl, out)
		}
		c.vars = &renderVars{Req: testRequest(), AuthorizerContext: map[string]string{"k": "v"}}
		parts.render(nil, c)
	})
}

// FuzzParseHeaderSource: header sources never panic, and an accepted source
// keeps its text.
func FuzzParseHeaderSource(f *testing.F) {
	for _, s := range []string{"'*'", "method.request.header.Origin", "method.request.path.", "context.authorizer.x", "stageVariables.a", "''", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := parseHeaderSource(expr)
		if err != nil {
			return
		}
		if p.raw != expr {
			t.Fatalf("parseHeaderSource(%q).raw = %q", expr, p.raw)
		}
		m := headerMapping{name: "X", src: p}
		m.headerValue(&renderCtx{vars: &renderVars{Req: testRequest()}})
	})
}

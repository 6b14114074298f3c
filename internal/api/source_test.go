package api

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseIdentitySources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    []IdentitySource
		wantErr bool
	}{
		{name: "empty", in: "  ", want: nil},
		{name: "R-2 docs example with space after comma", in: "method.request.header.HeaderAuth1, method.request.querystring.QueryString1",
			want: []IdentitySource{{SourceHeader, "HeaderAuth1"}, {SourceQueryString, "QueryString1"}}},
		{name: "R-2 stage variable and context", in: "stageVariables.stage,context.httpMethod",
			want: []IdentitySource{{SourceStageVariable, "stage"}, {SourceContext, "httpMethod"}}},
		{name: "R-2 path parameters are not identity sources", in: "method.request.path.id", wantErr: true},
		{name: "empty name", in: "method.request.header.", wantErr: true},
		{name: "empty part", in: "method.request.header.A,,", wantErr: true},
		{name: "v2 syntax is not REST syntax", in: "$request.header.Authorization", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseIdentitySources(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrIdentitySource) {
					t.Fatalf("ParseIdentitySources(%q) error = %v; want ErrIdentitySource", tt.in, err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseIdentitySources(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseIdentitySources(f *testing.F) {
	for _, s := range []string{"method.request.header.Authorization", "stageVariables.x, context.y", "method.request.querystring.q,", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseIdentitySources(in)
		if err != nil {
			return
		}
		for _, s := range got {
			back, err := ParseIdentitySource(s.String())
			if err != nil || back != s {
				t.Fatalf("round trip of %v: got %v, %v", s, back, err)
			}
		}
	})
}

func TestParseHeaderSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Source
		ok   bool
	}{
		{"G-4 static", "'*'", Source{SourceStatic, "*"}, true},
		{"G-4 empty static", "''", Source{SourceStatic, ""}, true},
		{"G-4 request header", "method.request.header.Origin", Source{SourceHeader, "Origin"}, true},
		{"G-4 query string", "method.request.querystring.q", Source{SourceQueryString, "q"}, true},
		{"G-4 path parameter", "method.request.path.id", Source{SourcePath, "id"}, true},
		{"G-4 stage variable", "stageVariables.origin", Source{SourceStageVariable, "origin"}, true},
		{"G-4 context variable", "context.authorizer.reason", Source{SourceContext, "authorizer.reason"}, true},
		{"unquoted static", "static", Source{}, false},
		{"half-quoted static", "'a", Source{}, false},
		{"static with a line break", "'a\r\nb'", Source{}, false},
		{"method.response is not a source", "method.response.header.Y", Source{}, false},
		{"empty name", "method.request.header.", Source{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseHeaderSource(tt.in)
			if tt.ok != (err == nil) || got != tt.want || err != nil && !errors.Is(err, ErrHeaderSource) {
				t.Fatalf("ParseHeaderSource(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

// FuzzParseHeaderSource: never panics, fails with ErrHeaderSource, and a
// parsed source prints back as the same expression.
func FuzzParseHeaderSource(f *testing.F) {
	for _, s := range []string{"'*'", "method.request.path.id", "context.authorizer.x", "stageVariables.", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseHeaderSource(in)
		if err != nil {
			if !errors.Is(err, ErrHeaderSource) {
				t.Fatalf("ParseHeaderSource(%q) error %v: want ErrHeaderSource", in, err)
			}
			return
		}
		if got.String() != in {
			t.Fatalf("ParseHeaderSource(%q) = %+v, which prints as %q", in, got, got.String())
		}
	})
}

func TestIDFor(t *testing.T) {
	t.Parallel()
	a, b := IDFor("ServerlessRestApi"), IDFor("MyApi")
	if len(a) != 10 || a == b || IDFor("ServerlessRestApi") != a {
		t.Fatalf("IDFor: got %q and %q; want distinct, stable, 10 characters", a, b)
	}
	for _, r := range a + b {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			t.Fatalf("IDFor: got %q %q; want [a-z0-9] only", a, b)
		}
	}
}

// TestParseHTTPIdentitySource pins the HTTP API identity source grammar
// (V-5) and that HTTPString renders a source back as written.
func TestParseHTTPIdentitySource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want Source
		ok   bool
	}{
		{"$request.header.X-User", Source{Kind: SourceHeader, Name: "X-User"}, true},
		{"$request.querystring.qs", Source{Kind: SourceQueryString, Name: "qs"}, true},
		{"$context.routeKey", Source{Kind: SourceContext, Name: "routeKey"}, true},
		{"$stageVariables.stage", Source{Kind: SourceStageVariable, Name: "stage"}, true},
		{"method.request.header.X", Source{}, false},
		{"$request.header.", Source{}, false},
		{"$request.path.id", Source{}, false},
		{"$request.header.a b", Source{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got, err := ParseHTTPIdentitySource(tt.expr)
			if (err == nil) != tt.ok || got != tt.want || (err != nil && !errors.Is(err, ErrIdentitySource)) {
				t.Fatalf("got %+v, %v; want %+v (ok %v)", got, err, tt.want, tt.ok)
			}
			if tt.ok && got.HTTPString() != tt.expr {
				t.Fatalf("HTTPString %q; want %q", got.HTTPString(), tt.expr)
			}
		})
	}
}

// FuzzParseHTTPIdentitySource: an accepted source renders back to the
// expression it came from; a refused one is ErrIdentitySource.
func FuzzParseHTTPIdentitySource(f *testing.F) {
	for _, s := range []string{"$request.header.Authorization", "$context.routeKey", "$stageVariables.x", "$request.querystring.", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := ParseHTTPIdentitySource(expr)
		if err != nil {
			if !errors.Is(err, ErrIdentitySource) {
				t.Fatalf("%q: %v; want ErrIdentitySource", expr, err)
			}
			return
		}
		if s.HTTPString() != expr {
			t.Fatalf("%q parsed to %+v, renders %q", expr, s, s.HTTPString())
		}
	})
}

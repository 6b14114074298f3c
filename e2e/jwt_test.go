package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/jwt/jwttest"
)

const (
	jwtTemplate = "testdata/jwt/template.yaml"
	poolIssuer  = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test"
	jwtClient   = "client-1"
)

// tokenEvent is what the JWT tests read of an echoed event.
type tokenEvent struct {
	RequestContext struct {
		Authorizer struct {
			JWT *struct {
				Claims map[string]string `json:"claims"`
				Scopes []string          `json:"scopes"`
			} `json:"jwt"`
			Claims map[string]string `json:"claims"`
			Scopes []string          `json:"scopes"`
		} `json:"authorizer"`
	} `json:"requestContext"`
}

// signer makes the tokens of one issuer: access tokens with scopes, id
// tokens, expired ones.
type signer struct {
	key    *jwttest.Key
	issuer string
}

func (s signer) access(t *testing.T, scope string, set ...any) string {
	c := map[string]any{"iss": s.issuer, "sub": "u1", "client_id": jwtClient, "token_use": "access", "scope": scope,
		"exp": time.Now().Add(time.Hour).Unix(), "cognito:groups": []string{"a", "b"}}
	for i := 0; i+1 < len(set); i += 2 {
		c[set[i].(string)] = set[i+1]
	}
	return s.key.Sign(t, c)
}

func (s signer) id(t *testing.T, set ...any) string {
	return s.access(t, "", append([]any{"token_use", "id", "aud", jwtClient}, set...)...)
}

// TestJWTAndCognitoAuthorizers serves an HTTP API with a JWT authorizer
// and a REST API with a Cognito authorizer, keys from a --jwks file, in
// front of real Node and Python functions.
func TestJWTAndCognitoAuthorizers(t *testing.T) {
	t.Parallel()
	sg := signer{key: jwttest.RSA(t, "k1"), issuer: poolIssuer}
	jwks := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(jwks, jwttest.JWKS(sg.key), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startAPI(t, jwtTemplate, "--jwks", poolIssuer+"="+jwks)
	if !s.hasLine("issuer " + poolIssuer + " (authorizers") {
		t.Errorf("start log does not name the issuer's key source:\n%s", s.logText())
	}
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }
	for _, tc := range []struct {
		name, method, path string
		headers            []string
		status             int
		body               string // exact, for errors
		explanation        string // in the request's log line
		challenge          string // the www-authenticate header's error_description; "" for no header
	}{
		{"V-7 no token is 401", "GET", "/pets", nil, 401, `{"message":"Unauthorized"}`, "no token in $request.header.Authorization", ""},
		{"V-7 wrong audience is 401", "GET", "/pets", bearer(sg.access(t, "pets/read", "client_id", "web")), 401, `{"message":"Unauthorized"}`, "audience", "the token does not have a valid audience"},
		{"V-7 wrong issuer is 401", "GET", "/pets", bearer(sg.access(t, "pets/read", "iss", poolIssuer+"x")), 401, `{"message":"Unauthorized"}`, "issuer", "the token does not have a valid issuer"},
		{"expired is 401", "GET", "/pets", bearer(sg.access(t, "pets/read", "exp", time.Now().Add(-time.Hour).Unix())), 401, `{"message":"Unauthorized"}`, "token expired", "the token has expired"},
		{"signed by another key is 401", "GET", "/pets", bearer(signer{jwttest.RSA(t, "k1"), poolIssuer}.access(t, "pets/read")), 401, `{"message":"Unauthorized"}`, "signature", "the token's signature is invalid"},
		{"V-7 missing scope is 403", "POST", "/pets", bearer(sg.access(t, "pets/read")), 403, `{"message":"Forbidden"}`, "route needs scope pets/write", ""},
		{"Cognito: no token is 401", "GET", "/me", nil, 401, `{"message":"Unauthorized"}`, "no token in method.request.header.Authorization", ""},
		{"Cognito: an access token on a method without scopes is 401", "GET", "/me", []string{"Authorization", sg.access(t, "admin")}, 401, `{"message":"Unauthorized"}`, "takes an id token", ""},
		{"Cognito: no Bearer prefix stripped", "GET", "/me", bearer(sg.id(t)), 401, `{"message":"Unauthorized"}`, "not a well-formed JWT", ""},
		{"Cognito: missing scope is 401", "GET", "/admin", []string{"Authorization", sg.access(t, "pets/read")}, 401, `{"message":"Unauthorized"}`, "route needs scope admin", ""},
		{"Cognito: expired", "GET", "/me", []string{"Authorization", sg.id(t, "exp", time.Now().Add(-time.Hour).Unix())}, 401, `{"message":"The incoming token has expired"}`, "token expired", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.get(t, tc.method, tc.path, tc.headers...)
			if r.status != tc.status || r.body != tc.body {
				t.Fatalf("got %d %s; want %d %s", r.status, r.body, tc.status, tc.body)
			}
			if line := s.lineOf(r); !strings.Contains(line, tc.explanation) {
				t.Fatalf("request log line %q does not explain %q", line, tc.explanation)
			}
			// DG-HTTP-LAMBDA troubleshooting-jwt: an HTTP API's 401 for a token
			// its JWT authorizer refuses says why; REST's Cognito 401s do not.
			want := ""
			if tc.challenge != "" {
				want = `Bearer scope="" error="invalid_token" error_description="` + tc.challenge + `"`
			}
			if got := r.header.Get("www-authenticate"); got != want {
				t.Fatalf("www-authenticate %q, want %q", got, want)
			}
		})
	}
	t.Run("2.0 event: requestContext.authorizer.jwt, Node", func(t *testing.T) {
		ev := echoed(t, s.get(t, "GET", "/pets", bearer(sg.access(t, "pets/admin pets/read"))...), "node")
		j := ev.RequestContext.Authorizer.JWT
		if j == nil || j.Claims["sub"] != "u1" || j.Claims["cognito:groups"] != "[a b]" || !slices.Equal(j.Scopes, []string{"pets/admin", "pets/read"}) {
			t.Fatalf("authorizer.jwt %+v", j)
		}
	})
	t.Run("2.0 event, Python, write scope", func(t *testing.T) {
		ev := echoed(t, s.get(t, "POST", "/pets", bearer(sg.access(t, "pets/write"))...), "python")
		if j := ev.RequestContext.Authorizer.JWT; j == nil || j.Claims["client_id"] != jwtClient {
			t.Fatalf("authorizer.jwt %+v", j)
		}
	})
	t.Run("V-8 1.0 event: claims and scopes", func(t *testing.T) {
		ev := echoed(t, s.get(t, "GET", "/v1/pets", bearer(sg.access(t, "x"))...), "node")
		if a := ev.RequestContext.Authorizer; a.Claims["sub"] != "u1" || !slices.Equal(a.Scopes, []string{"x"}) {
			t.Fatalf("authorizer %+v", a)
		}
	})
	t.Run("Cognito id token: claims, Python", func(t *testing.T) {
		ev := echoed(t, s.get(t, "GET", "/me", "Authorization", sg.id(t)), "python")
		if c := ev.RequestContext.Authorizer.Claims; c["sub"] != "u1" || c["token_use"] != "id" || c["cognito:groups"] != "a,b" {
			t.Fatalf("claims %v", c)
		}
	})
	t.Run("Cognito access token with the method's scope, Node", func(t *testing.T) {
		ev := echoed(t, s.get(t, "GET", "/admin", "Authorization", sg.access(t, "admin")), "node")
		if c := ev.RequestContext.Authorizer.Claims; c["scope"] != "admin" {
			t.Fatalf("claims %v", c)
		}
	})
}

// TestJWTBesideCachedLambdaAuthorizer: on the same HTTP API, the cached
// Lambda authorizer of ANY /{proxy+} is called once per identity across
// paths (V-6) and its deny is 403 (V-7), while the JWT routes beside it
// are unaffected; the REST API beside them is served on the same
// listener (the Lambda authorizer's route is /lambda/{proxy+}: a root
// /{proxy+} of the HTTP API would take the REST API's paths).
func TestJWTBesideCachedLambdaAuthorizer(t *testing.T) {
	t.Parallel()
	s := startAPI(t, jwtTemplate)
	for _, st := range []struct {
		name, path, user string
		status, calls    int
	}{
		{"V-5 missing identity: 401, no call", "/lambda/a", "", 401, 0},
		{"V-4 allow", "/lambda/a", "allow", 200, 1},
		{"V-6 the cached verdict answers another path", "/lambda/b/c", "allow", 200, 1},
		{"V-7 deny is 403", "/lambda/a", "deny", 403, 2},
	} {
		var hdr []string
		if st.user != "" {
			hdr = []string{"X-User", st.user}
		}
		if r := s.get(t, "GET", st.path, hdr...); r.status != st.status || s.starts("SimpleAuth") != st.calls {
			t.Fatalf("%s: %d %s, %d authorizer calls; want %d, %d", st.name, r.status, r.body, s.starts("SimpleAuth"), st.status, st.calls)
		}
	}
	if r := s.get(t, "GET", "/pets", "X-User", "allow"); r.status != 401 {
		t.Fatalf("a JWT route with only the Lambda authorizer's identity: %d, want 401", r.status)
	}
	if r := s.get(t, "GET", "/me", "X-User", "allow"); r.status != 401 || r.header.Get("x-amzn-RequestId") == "" {
		t.Fatalf("the REST API's Cognito route: %d %v, want a REST 401", r.status, r.header)
	}
}

// TestJWTLocalIssuer: with no --jwks, an issuer's keys come from its
// discovery document and JWKS over HTTP (a local issuer here), once.
func TestJWTLocalIssuer(t *testing.T) {
	t.Parallel()
	key := jwttest.RSA(t, "k1")
	iss := jwttest.NewIssuer(t, key)
	s := startAPI(t, jwtTemplate, "--parameter-overrides", "Issuer="+iss.URL)
	sg := signer{key: key, issuer: iss.URL}
	for range 2 {
		ev := echoed(t, s.get(t, "GET", "/pets", "Authorization", "Bearer "+sg.access(t, "pets/read")), "node")
		if j := ev.RequestContext.Authorizer.JWT; j == nil || j.Claims["iss"] != iss.URL {
			t.Fatalf("authorizer.jwt %+v", j)
		}
	}
	if n := iss.JWKSFetches.Load(); n != 1 {
		t.Fatalf("%d JWKS fetches for two requests, want 1 (keys cached)", n)
	}
	if r := s.get(t, "GET", "/pets", "Authorization", "Bearer "+signer{jwttest.EC(t, "k2"), iss.URL}.access(t, "pets/read")); r.status != 401 {
		t.Fatalf("unknown kid: %d %s; want 401", r.status, r.body)
	}
}

// echoed is the event a function echoed, checking it ran in runtime.
func echoed(t *testing.T, r reply, runtime string) tokenEvent {
	t.Helper()
	var ev tokenEvent
	if r.status != 200 || r.header.Get("x-runtime") != runtime || json.Unmarshal([]byte(r.body), &ev) != nil {
		t.Fatalf("got %d %s %s; want 200 from %s", r.status, r.header, strings.TrimSpace(r.body), runtime)
	}
	return ev
}

// lineOf is the log line of the request r answers.
func (s *server) lineOf(r reply) string {
	id := loggedID(r.header)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.log {
		if strings.Contains(l, id) {
			return l
		}
	}
	return ""
}

// TestJWKSFlagErrors: a --jwks that is not ISSUER=FILE, or a file that is
// missing or holds no key, is a usage error before listening.
func TestJWKSFlagErrors(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"keys":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, value, want string }{
		{"no =", poolIssuer, "want ISSUER=FILE"},
		{"missing file", poolIssuer + "=" + filepath.Join(t.TempDir(), "none.json"), "no such file"},
		{"no key", poolIssuer + "=" + bad, "no usable signing key"},
	} {
		out, err := exec.Command(binary, "start-api", jwtTemplate, "--addr", "127.0.0.1:0", "--jwks", tc.value).CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), tc.want) || strings.Contains(string(out), listeningPrefix) {
			t.Errorf("%s: %v\n%s\nwant exit 2 saying %q", tc.name, err, out, tc.want)
		}
	}
}

package lambda

import (
	"os"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// envMap resolves env as os/exec does: a later duplicate wins.
func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// TestBaseEnv pins what reaches a function from the caller's environment
// and in which order sources win (README, "Environment").
func TestBaseEnv(t *testing.T) {
	tests := []struct {
		name     string
		host     map[string]string
		declared map[string]string
		creds    Credentials
		want     map[string]string
		absent   []string
	}{
		{"caller's credentials pass", map[string]string{"AWS_ACCESS_KEY_ID": "AKIAHOST", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok"}, nil, Credentials{},
			map[string]string{"AWS_ACCESS_KEY_ID": "AKIAHOST", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok", "AWS_SAM_LOCAL": "true"}, nil},
		{"no credentials: SAM's placeholders", nil, nil, Credentials{},
			map[string]string{"AWS_ACCESS_KEY_ID": "defaultkey", "AWS_SECRET_ACCESS_KEY": "defaultsecret"}, []string{"AWS_SESSION_TOKEN"}},
		{"a key without its secret: placeholders", map[string]string{"AWS_ACCESS_KEY_ID": "AKIAHALF"}, nil, Credentials{},
			map[string]string{"AWS_ACCESS_KEY_ID": "defaultkey"}, nil},
		{"given credentials replace the caller's, token included", map[string]string{"AWS_ACCESS_KEY_ID": "AKIAHOST", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok"}, nil,
			Credentials{AccessKeyID: "AKIAPROFILE", SecretAccessKey: "p"},
			map[string]string{"AWS_ACCESS_KEY_ID": "AKIAPROFILE", "AWS_SECRET_ACCESS_KEY": "p"}, []string{"AWS_SESSION_TOKEN"}},
		{"a profile the SDK resolves: AWS_PROFILE, no keys", map[string]string{"AWS_ACCESS_KEY_ID": "AKIAHOST", "AWS_SECRET_ACCESS_KEY": "s", "AWS_PROFILE": "other"}, nil,
			Credentials{Profile: "sso"}, map[string]string{"AWS_PROFILE": "sso"}, []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}},
		{"endpoints, proxies and CA bundles pass", map[string]string{
			"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
			"HTTPS_PROXY": "http://proxy:3128", "no_proxy": "localhost", "AWS_CA_BUNDLE": "/ca.pem", "SSL_CERT_FILE": "/c.pem",
			"NODE_EXTRA_CA_CERTS": "/n.pem", "REQUESTS_CA_BUNDLE": "/r.pem"}, nil, Credentials{},
			map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
				"HTTPS_PROXY": "http://proxy:3128", "no_proxy": "localhost", "AWS_CA_BUNDLE": "/ca.pem", "SSL_CERT_FILE": "/c.pem",
				"NODE_EXTRA_CA_CERTS": "/n.pem", "REQUESTS_CA_BUNDLE": "/r.pem"}, nil},
		{"other host variables stay out", map[string]string{"APIGW_TEST_SECRET": "x"}, nil, Credentials{}, nil, []string{"APIGW_TEST_SECRET"}},
		{"declared beats host, reserved beats declared", map[string]string{"AWS_ENDPOINT_URL": "http://host"},
			map[string]string{"AWS_ENDPOINT_URL": "http://declared", "AWS_REGION": "mars-1", "AWS_SAM_LOCAL": "false"}, Credentials{},
			map[string]string{"AWS_ENDPOINT_URL": "http://declared", "AWS_REGION": "eu-west-3", "AWS_SAM_LOCAL": "true"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "HTTPS_PROXY"} {
				t.Setenv(k, "")
				unsetenv(t, k)
			}
			for k, v := range tt.host {
				t.Setenv(k, v)
			}
			fn := &api.Function{LogicalID: "Fn", Handler: "index.handler", Environment: tt.declared}
			got := envMap(baseEnv(fn, "Fn", nil, Options{Region: "eu-west-3", Credentials: tt.creds}, ""))
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q; want %q", k, got[k], v)
				}
			}
			for _, k := range tt.absent {
				if v, ok := got[k]; ok {
					t.Errorf("%s = %q; want it absent", k, v)
				}
			}
		})
	}
}

// unsetenv unsets k for this test; t.Setenv before it restores the value.
func unsetenv(t *testing.T, k string) {
	t.Helper()
	if err := os.Unsetenv(k); err != nil {
		t.Fatal(err)
	}
}

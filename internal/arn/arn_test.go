package arn

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const (
	region  = "us-east-1"
	account = "123456789012"
	apiID   = "abc123"
)

func TestBuild(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, stage, method, path, want string
	}{
		{"P-1 actual path without leading slash", "prod", "GET", "/foo/1234", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/foo/1234"},
		{"P-1 root gives trailing slash", "prod", "GET", "/", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/"},
		{"P-1 empty path is the root", "prod", "GET", "", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/"},
		{"P-1 verb upper-cased", "prod", "post", "/pets", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/pets"},
		{"P-1 decoded path keeps colons", "prod", "GET", "/a:b/c", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/a:b/c"},
		{"P-1 only one leading slash dropped", "prod", "GET", "//x", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET//x"},
		{"P-1 trailing slash kept", "prod", "GET", "/pets/", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/"},
		{"V-9 $default stage", "$default", "GET", "/es-batch/1", "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/es-batch/1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := Build(region, account, apiID, c.stage, c.method, c.path)
			if err != nil || got != c.want {
				t.Errorf("Build(%q, %q, %q) = %q, %v; want %q, nil", c.stage, c.method, c.path, got, err, c.want)
			}
			sameFromStageBase(t, region, account, apiID, c.stage, c.method, c.path)
		})
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	base := len("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/")
	cases := []struct {
		name                                  string
		region, account, apiID, stage, method string
		path                                  string
		want                                  error
	}{
		{"P-1 exactly 1600 bytes is fine", region, account, apiID, "prod", "GET", "/" + strings.Repeat("a", MaxMethodARNBytes-base), nil},
		{"P-1 1601 bytes is too long", region, account, apiID, "prod", "GET", "/" + strings.Repeat("a", MaxMethodARNBytes-base+1), ErrTooLong},
		{"empty stage", region, account, apiID, "", "GET", "/", ErrMalformed},
		{"empty method", region, account, apiID, "prod", "", "/", ErrMalformed},
		{"empty region", "", account, apiID, "prod", "GET", "/", ErrMalformed},
		{"stage with slash", region, account, apiID, "pr/od", "GET", "/", ErrMalformed},
		{"method with slash", region, account, apiID, "prod", "G/ET", "/", ErrMalformed},
		{"api id with slash", region, account, "ab/c", "prod", "GET", "/", ErrMalformed},
		{"account with colon", region, "12:34", apiID, "prod", "GET", "/", ErrMalformed},
		{"region with slash", "us/east", account, apiID, "prod", "GET", "/", ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := Build(c.region, c.account, c.apiID, c.stage, c.method, c.path)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("Build error = %v; want %v", err, c.want)
			}
			sameFromStageBase(t, c.region, c.account, c.apiID, c.stage, c.method, c.path)
			if c.want == nil && len(got) != MaxMethodARNBytes {
				t.Errorf("len(Build) = %d; want %d", len(got), MaxMethodARNBytes)
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     MethodARN
	}{
		{"P-1 path", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/7", MethodARN{region, account, apiID, "prod", "GET", "pets/7"}},
		{"P-1 root", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/", MethodARN{region, account, apiID, "prod", "GET", ""}},
		{"P-1 colons and slashes in path", "arn:aws:execute-api:eu-west-1:1:x/s/PUT/a:b//c:", MethodARN{"eu-west-1", "1", "x", "s", "PUT", "a:b//c:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(c.in)
			if err != nil || got != c.want {
				t.Fatalf("Parse(%q) = %+v, %v; want %+v, nil", c.in, got, err, c.want)
			}
			if s := got.String(); s != c.in {
				t.Errorf("String() = %q; want %q", s, c.in)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"",
		"arn:aws:s3:::bucket",
		"arn:aws-cn:execute-api:cn-north-1:1:abc/prod/GET/",
		"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET",
		"arn:aws:execute-api:us-east-1:123456789012:abc123/prod",
		"arn:aws:execute-api:us-east-1:123456789012:abc123//GET/",
		"arn:aws:execute-api:us-east-1:123456789012:/prod/GET/",
		"arn:aws:execute-api::123456789012:abc/prod/GET/",
		"arn:aws:execute-api:us-east-1::abc/prod/GET/",
		"arn:aws:execute-api:us/east:1:abc/prod/GET/",
		"arn:aws:execute-api:us-east-1:123456789012:abc123/prod//x",
	} {
		if got, err := Parse(in); !errors.Is(err, ErrMalformed) {
			t.Errorf("Parse(%q) = %+v, %v; want ErrMalformed", in, got, err)
		}
	}
}

func TestShortAndRequest(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, short, request string }{
		{"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/users", ".../prod/GET/users", "GET /users"},
		{"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/", ".../prod/POST/", "POST /"},
	}
	for _, c := range cases {
		m, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if got := m.Short(); got != c.short {
			t.Errorf("Short() = %q; want %q", got, c.short)
		}
		if got := m.Request(); got != c.request {
			t.Errorf("Request() = %q; want %q", got, c.request)
		}
	}
}

func TestAppendMethodARNDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, MaxMethodARNBytes)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = AppendMethodARN(buf[:0], region, account, apiID, "prod", "GET", "/pets/7")
	})
	if allocs != 0 {
		t.Errorf("AppendMethodARN allocs = %v; want 0", allocs)
	}
}

func BenchmarkAppendMethodARN(b *testing.B) {
	buf := make([]byte, 0, MaxMethodARNBytes)
	for b.Loop() {
		buf, _ = AppendMethodARN(buf[:0], region, account, apiID, "prod", "GET", "/pets/7")
	}
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		_, _ = Build(region, account, apiID, "prod", "GET", "/pets/7")
	}
}

// sameFromStageBase: a StageBase builds what AppendMethodARN builds, with
// the same error; NewStageBase fails as AppendMethodARN does for a bad
// region, account, API id or stage.
func sameFromStageBase(t *testing.T, region, account, apiID, stage, method, path string) {
	t.Helper()
	want, wantErr := AppendMethodARN([]byte("x"), region, account, apiID, stage, method, path)
	b, err := NewStageBase(region, account, apiID, stage)
	if err != nil {
		if wantErr == nil || err.Error() != wantErr.Error() {
			t.Fatalf("NewStageBase error %v; AppendMethodARN's %v", err, wantErr)
		}
		return
	}
	got, gotErr := b.AppendMethodARN([]byte("x"), method, path)
	if string(got) != string(want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || errors.Unwrap(gotErr) != errors.Unwrap(wantErr) {
		t.Fatalf("StageBase gave %q, %v; AppendMethodARN %q, %v", got, gotErr, want, wantErr)
	}
}

func TestStageBaseAppendDoesNotAllocate(t *testing.T) {
	b, err := NewStageBase(region, account, apiID, "prod")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf, _ = b.AppendMethodARN(buf[:0], "GET", "/pets/7") }); n != 0 {
		t.Fatalf("%v allocations; want 0", n)
	}
}

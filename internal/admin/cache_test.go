package admin

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/clock"
)

func TestCacheListing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		target      string
		advance     time.Duration
		wantAuth    []string // authorizers of the entries, in order
		wantAgeLeft [][2]int64
	}{
		{"all, by authorizer", "/api/cache", 0, []string{"ExactArnAuth", "WildcardAuth"}, [][2]int64{{10, 290}, {0, 60}}},
		{"by api id", "/api/cache?api=" + apiID, 0, []string{"ExactArnAuth", "WildcardAuth"}, nil},
		{"by logical id and stage", "/api/cache?api=SeedApi&stage=prod", 0, []string{"ExactArnAuth", "WildcardAuth"}, nil},
		{"by authorizer", "/api/cache?authorizer=WildcardAuth", 0, []string{"WildcardAuth"}, nil},
		{"other api", "/api/cache?api=nope", 0, []string{}, nil},
		{"other stage", "/api/cache?stage=dev", 0, []string{}, nil},
		// C-6: an entry lives its TTL by apigw's clock, then is gone.
		{"expired entry gone", "/api/cache", 61 * time.Second, []string{"ExactArnAuth"}, [][2]int64{{71, 229}}},
		{"all expired", "/api/cache", 300 * time.Second, []string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(start)
			caches, _ := seedCache(t, clk)
			_, _ = clk.Advance(tt.advance)
			h := New(Config{Cache: caches, Clock: clk})
			status, body := call(t, h, http.MethodGet, tt.target, "")
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			if strings.Contains(body, rawToken) || strings.Contains(body, otherToken) {
				t.Fatalf("listing shows a raw token: %s", body)
			}
			var got []Entry
			decode(t, body, &got)
			auths := []string{}
			for i, e := range got {
				auths = append(auths, e.Authorizer)
				if tt.wantAgeLeft != nil && (e.AgeSeconds != tt.wantAgeLeft[i][0] || e.TTLLeftSeconds != tt.wantAgeLeft[i][1]) {
					t.Errorf("%s: age %d, ttl left %d; want %v", e.Authorizer, e.AgeSeconds, e.TTLLeftSeconds, tt.wantAgeLeft[i])
				}
			}
			if strings.Join(auths, ",") != strings.Join(tt.wantAuth, ",") {
				t.Fatalf("authorizers %v, want %v (%s)", auths, tt.wantAuth, body)
			}
		})
	}
}

func TestCacheEntryFields(t *testing.T) {
	t.Parallel()
	clk := clock.NewManual(start)
	caches, _ := seedCache(t, clk)
	h := New(Config{Cache: caches, Clock: clk})
	_, body := call(t, h, http.MethodGet, "/api/cache?authorizer=ExactArnAuth", "")
	var got []Entry
	decode(t, body, &got)
	if len(got) != 1 {
		t.Fatalf("entries: %s", body)
	}
	e := got[0]
	want := Entry{
		API: "SeedApi", APIID: apiID, Stage: "prod", Authorizer: "ExactArnAuth", KeyHash: e.KeyHash, Principal: "user",
		Source: "GET /exact/pets", CreatedAt: start, AgeSeconds: 10, TTLSeconds: 300, TTLLeftSeconds: 290,
	}
	if len(e.KeyHash) != authcache.HashLen || e.KeyHash != authcache.NewKey("prod", "ExactArnAuth", []string{rawToken}).Hash() {
		t.Errorf("keyHash %q is not the key's hash", e.KeyHash)
	}
	if len(e.Allowed) != 1 || e.Allowed[0] != arnBase+"/prod/GET/exact/pets" {
		t.Errorf("allowed %v", e.Allowed)
	}
	e.Allowed = nil
	if !e.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("createdAt %v", e.CreatedAt)
	}
	e.CreatedAt = want.CreatedAt
	if e.API != want.API || e.APIID != want.APIID || e.Stage != want.Stage || e.Principal != want.Principal ||
		e.Source != want.Source || e.AgeSeconds != want.AgeSeconds || e.TTLSeconds != want.TTLSeconds || e.TTLLeftSeconds != want.TTLLeftSeconds {
		t.Errorf("entry %+v\nwant %+v", e, want)
	}
	if strings.Contains(body, `"policy"`) || strings.Contains(body, `"context"`) {
		t.Errorf("the listing carries policies: %s", body)
	}
}

func TestCacheEntryByHash(t *testing.T) {
	t.Parallel()
	clk := clock.NewManual(start)
	caches, _ := seedCache(t, clk)
	h := New(Config{Cache: caches, Clock: clk})
	hash := authcache.NewKey("prod", "ExactArnAuth", []string{rawToken}).Hash()
	tests := []struct {
		name       string
		target     string
		wantStatus int
	}{
		{"live entry", "/api/cache/" + hash, http.StatusOK},
		{"unknown hash", "/api/cache/000000000000", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, h, http.MethodGet, tt.target, "")
			if tt.wantStatus != http.StatusOK {
				wantError(t, status, body, tt.wantStatus)
				return
			}
			var got struct {
				Entry
				Policy struct {
					Statement []struct{ Effect, Resource string }
				} `json:"policy"`
				Context map[string]string `json:"context"`
			}
			decode(t, body, &got)
			if got.KeyHash != hash || len(got.Policy.Statement) != 1 ||
				got.Policy.Statement[0].Resource != arnBase+"/prod/GET/exact/pets" || got.Context["tenant"] != "t1" {
				t.Fatalf("entry %s", body)
			}
			if strings.Contains(body, rawToken) {
				t.Fatalf("entry shows the raw token: %s", body)
			}
		})
	}
}

// failingStore is a cache store that cannot answer.
type failingStore struct{}

var errDown = errors.New("store down")

func (failingStore) List(context.Context) ([]authcache.Listed, error) { return nil, errDown }
func (failingStore) FlushStage(context.Context, string) error         { return errDown }

func TestCacheStoreDown(t *testing.T) {
	t.Parallel()
	h := New(Config{Cache: StageCaches{{API: "A", APIID: "a", Stage: "s", Store: failingStore{}}}})
	for _, tt := range []struct{ name, method, target string }{
		{"listing", http.MethodGet, "/api/cache"},
		{"one entry", http.MethodGet, "/api/cache/abc"},
		{"flush", http.MethodPost, "/api/flush"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, h, tt.method, tt.target, "")
			wantError(t, status, body, http.StatusServiceUnavailable)
		})
	}
}

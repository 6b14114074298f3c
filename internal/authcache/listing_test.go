package authcache

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestListContract runs the listing contract against both stores: for
// Redis, a record one replica stored is listed by the other (the admin API
// on any replica shows the shared cache).
func TestListContract(t *testing.T) {
	t.Parallel()
	t.Run("memory", func(t *testing.T) { t.Parallel(); listContract(t, memoryReplicas) })
	t.Run("redis", func(t *testing.T) { t.Parallel(); listContract(t, redisReplicas(startRedis(t).URL())) })
}

// listed renders a listing as "stage/authorizer/principal" strings, sorted.
func listed(t *testing.T, s Store) []string {
	t.Helper()
	all, err := s.(Lister).List(context.Background())
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var out []string
	for _, l := range all {
		if len(l.KeyHash) != HashLen {
			t.Errorf("key hash %q", l.KeyHash)
		}
		out = append(out, l.Stage+"/"+l.Authorizer+"/"+l.Record.Principal)
	}
	slices.Sort(out)
	return out
}

func put(t *testing.T, s Store, key Key, rec Record) {
	t.Helper()
	gen, err := s.Generation(context.Background(), key.Stage())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Put(context.Background(), key, gen, rec); !ok || err != nil {
		t.Fatalf("Put: %v %v", ok, err)
	}
}

func listContract(t *testing.T, newReplicas replicas) {
	tests := []struct {
		name  string
		flush string // stage flushed on b after the puts on a
		want  []string
	}{
		{"every stage and authorizer, from the other user", "", []string{"dev/Auth/user-c", "prod/Auth/user-a", "prod/Other:auth x/user-b"}},
		// C-7: a flush hides the stage's records from every listing.
		{"C-7 a flushed stage is not listed", "prod", []string{"dev/Auth/user-c"}},
		{"C-7 other stages stay", "dev", []string{"prod/Auth/user-a", "prod/Other:auth x/user-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := newReplicas(t)
			put(t, a, NewKey("prod", "Auth", []string{"token-a"}), record("a"))
			put(t, a, NewKey("prod", "Other:auth x", []string{"token-b"}), record("b"))
			put(t, a, NewKey("dev", "Auth", []string{"token-a"}), record("c"))
			if tt.flush != "" {
				if err := b.FlushStage(context.Background(), tt.flush); err != nil {
					t.Fatal(err)
				}
			}
			if got := listed(t, b); !slices.Equal(got, tt.want) {
				t.Fatalf("listed %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("the record comes back whole", func(t *testing.T) {
		t.Parallel()
		a, b := newReplicas(t)
		put(t, a, NewKey("prod", "Auth", []string{"token-a"}), record("a"))
		all, err := b.(Lister).List(context.Background())
		if err != nil || len(all) != 1 {
			t.Fatalf("List: %v %v", all, err)
		}
		got, want := all[0].Record, record("a")
		if got.Raw != want.Raw || got.Format != want.Format || got.Source != want.Source ||
			!got.StoredAt.Equal(want.StoredAt) || got.TTL != want.TTL {
			t.Fatalf("record %+v, want %+v", got, want)
		}
	})
}

// TestListHashIsKeyHash: both stores list an entry under the Key.Hash its
// requests' records and log lines show (in one process: the hash is
// salted per process).
func TestListHashIsKeyHash(t *testing.T) {
	t.Parallel()
	for name, newReplicas := range map[string]replicas{"memory": memoryReplicas, "redis": redisReplicas(startRedis(t).URL())} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, b := newReplicas(t)
			key := NewKey("prod", "Auth", []string{"secret-token"})
			put(t, a, key, record("a"))
			all, err := b.(Lister).List(context.Background())
			if err != nil || len(all) != 1 || all[0].KeyHash != key.Hash() {
				t.Fatalf("listed %+v, %v; want hash %s", all, err, key.Hash())
			}
		})
	}
}

// TestCacheListChecksExpiry: C-6, an entry is listed while it lives by the
// Cache's clock and not after.
func TestCacheListChecksExpiry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"live", 59 * time.Second, 1},
		{"C-6 expired at its TTL", 60 * time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			c, _ := newTestCache(t, clock)
			key := NewKey("prod", "Auth", []string{"t"})
			if _, _, err := c.Get(context.Background(), key, func(context.Context) (Loaded[string], error) {
				return loaded("v", time.Minute), nil
			}); err != nil {
				t.Fatal(err)
			}
			clock.Advance(tt.advance)
			all, err := c.List(context.Background())
			if err != nil || len(all) != tt.want {
				t.Fatalf("List: %d entries, %v; want %d", len(all), err, tt.want)
			}
		})
	}
}

type storeOnly struct{ Store }

func TestCacheListNeedsALister(t *testing.T) {
	t.Parallel()
	c := newCache(t, storeOnly{newMemory(t, newFakeClock())}, newFakeClock())
	if _, err := c.List(context.Background()); !errors.Is(err, ErrNoListing) {
		t.Fatalf("err %v, want ErrNoListing", err)
	}
}

func TestKeyPartsOfListing(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, s, stage, authorizer string
		ok                         bool
	}{
		{"key", NewKey("prod", "Auth", []string{"x"}).s, "prod", "Auth", true},
		{"empty parts", NewKey("", "", nil).s, "", "", true},
		{"truncated", NewKey("prod", "Auth", nil).s[:6], "", "", false},
		{"empty", "", "", "", false},
		{"length past the end", "\x7fab", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stage, authorizer, ok := keyParts(tt.s)
			if stage != tt.stage || authorizer != tt.authorizer || ok != tt.ok {
				t.Fatalf("keyParts = %q, %q, %v", stage, authorizer, ok)
			}
		})
	}
}

func TestParseEntryName(t *testing.T) {
	t.Parallel()
	s := &RedisStore{apiID: "a/b"}
	n := s.names("st}:e:x")
	name := n.entry(NewKey("st}:e:x", "Auth:1 2", []string{"tok"}))
	got, ok := parseEntryName("apigw:v1:{a%2Fb/", name)
	if !ok || got.stage != "st}:e:x" || got.authorizer != "Auth:1 2" || strings.Contains(name, "tok") {
		t.Fatalf("parseEntryName(%q) = %+v, %v", name, got, ok)
	}
	if _, ok := parseEntryName("apigw:v1:{a%2Fb/", "apigw:v1:{a%2Fb/st:gen"); ok {
		t.Fatal("a generation key parsed as an entry")
	}
}

// FuzzParseEntryName: any stage and authorizer name survive the round trip
// through an entry's Redis key name, and no name makes the parser fail
// badly.
func FuzzParseEntryName(f *testing.F) {
	f.Add("prod", "Auth", "apigw:v1:{api/prod}:e:Auth:0123")
	f.Add("}:e:", "a:b%zz", "apigw:v1:{api/%zz}:e:%:x")
	f.Fuzz(func(t *testing.T, stage, authorizer, name string) {
		_, _ = parseEntryName("apigw:v1:{api/", name)
		s := &RedisStore{apiID: "api"}
		built := s.names(stage).entry(NewKey(stage, authorizer, []string{"token"}))
		n, ok := parseEntryName("apigw:v1:{api/", built)
		if !ok || n.stage != stage || n.authorizer != authorizer {
			t.Fatalf("%q: parsed %+v, %v; want %q, %q", built, n, ok, stage, authorizer)
		}
	})
}

// FuzzKeyParts: any string either yields a stage and an authorizer that
// rebuild its start, or is refused; never a crash.
func FuzzKeyParts(f *testing.F) {
	f.Add(NewKey("prod", "Auth", []string{"x"}).s)
	f.Add("\x05ab")
	f.Fuzz(func(t *testing.T, s string) {
		stage, authorizer, ok := keyParts(s)
		if !ok {
			return
		}
		if k := NewKey(stage, authorizer, nil).s; !strings.HasPrefix(s, k) {
			t.Fatalf("keyParts(%q) = %q, %q: not its start", s, stage, authorizer)
		}
	})
}

// BenchmarkList: listing a cache of 10,000 entries (the admin API's GET
// /api/cache), in memory and in Redis.
func BenchmarkList(b *testing.B) {
	const n = 10_000
	fill := func(b *testing.B, s Store) {
		gen, _ := s.Generation(context.Background(), "prod")
		for i := range n {
			key := NewKey("prod", "Auth", []string{"token-" + strconv.Itoa(i)})
			if ok, err := s.Put(context.Background(), key, gen, record("a")); !ok || err != nil {
				b.Fatalf("Put: %v %v", ok, err)
			}
		}
	}
	stores := map[string]func(b *testing.B) Store{
		"memory": func(b *testing.B) Store { return newMemory(b, newFakeClock()) },
		"redis":  func(b *testing.B) Store { return redisStore(b, startRedis(b).URL(), "bench") },
	}
	for _, name := range []string{"memory", "redis"} {
		b.Run(name, func(b *testing.B) {
			s := stores[name](b)
			fill(b, s)
			b.ResetTimer()
			for b.Loop() {
				if all, err := s.(Lister).List(context.Background()); err != nil || len(all) != n {
					b.Fatalf("List: %d, %v", len(all), err)
				}
			}
		})
	}
}

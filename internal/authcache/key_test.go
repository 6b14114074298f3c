package authcache

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestKeyDistinct(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b Key
	}{
		{"C-5 stage is part of the key", NewKey("prod", "A", []string{"t"}), NewKey("dev", "A", []string{"t"})},
		{"C-5 authorizer is part of the key", NewKey("prod", "A", []string{"t"}), NewKey("prod", "B", []string{"t"})},
		{"T-5 token is the key", NewKey("prod", "A", []string{"allow"}), NewKey("prod", "A", []string{"deny"})},
		{"R-5 any identity value changes the key", NewKey("prod", "A", []string{"h", "q1"}), NewKey("prod", "A", []string{"h", "q2"})},
		{"R-5 identity order matters", NewKey("prod", "A", []string{"x", "y"}), NewKey("prod", "A", []string{"y", "x"})},
		{"no ambiguity between value boundaries", NewKey("prod", "A", []string{"ab", "c"}), NewKey("prod", "A", []string{"a", "bc"})},
		{"no ambiguity between stage and authorizer", NewKey("pro", "dA", nil), NewKey("prod", "A", nil)},
		{"no ambiguity with an empty value", NewKey("prod", "A", []string{""}), NewKey("prod", "A", nil)},
		{"no ambiguity with length-looking bytes", NewKey("prod", "A", []string{"\x01a"}), NewKey("prod", "A", []string{"", "a"})},
		{"long values", NewKey("prod", "A", []string{strings.Repeat("x", 300)}), NewKey("prod", "A", []string{strings.Repeat("x", 299)})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.a == tt.b {
				t.Fatalf("keys equal: got %q == %q; want distinct", tt.a.s, tt.b.s)
			}
			if tt.a.Hash() == tt.b.Hash() {
				t.Fatalf("hashes equal: got %s; want distinct", tt.a.Hash())
			}
		})
	}
}

func TestKeyParts(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("s", 200)
	for _, stage := range []string{"prod", "", long} {
		k := NewKey(stage, "TokenAuth", []string{"secret-token"})
		if got := k.Stage(); got != stage {
			t.Errorf("Stage(): got %q; want %q", got, stage)
		}
		if k != NewKey(stage, "TokenAuth", []string{"secret-token"}) {
			t.Errorf("equal inputs: got distinct keys; want equal")
		}
		h := k.Hash()
		if len(h) != HashLen || strings.Contains(h, "secret") || k.String() != h {
			t.Errorf("Hash(): got %q (String %q); want %d hex chars without the token", h, k.String(), HashLen)
		}
	}
	if !(Key{}).IsZero() || NewKey("p", "a", nil).IsZero() {
		t.Errorf("IsZero: got wrong answer for zero or built key")
	}
}

func FuzzNewKey(f *testing.F) {
	f.Add("prod", "A", "tok", "x", "dev", "A", "to", "kx")
	f.Add("a", "", "", "", "", "a", "", "")
	f.Fuzz(func(t *testing.T, s1, a1, v1, w1, s2, a2, v2, w2 string) {
		k1 := NewKey(s1, a1, []string{v1, w1})
		k2 := NewKey(s2, a2, []string{v2, w2})
		same := s1 == s2 && a1 == a2 && v1 == v2 && w1 == w2
		if (k1 == k2) != same {
			t.Fatalf("NewKey(%q,%q,%q,%q) == NewKey(%q,%q,%q,%q): got %v; want %v", s1, a1, v1, w1, s2, a2, v2, w2, k1 == k2, same)
		}
		if k1.Stage() != s1 {
			t.Fatalf("Stage(): got %q; want %q", k1.Stage(), s1)
		}
	})
}

// TestAppendKey: a key built into a buffer equals NewKey's and finds what
// NewKey's stored; a load under a borrowed key stores a copy, so reusing
// the buffer afterwards does not move the stored entry.
func TestAppendKey(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t, newFakeClock())
	ctx := context.Background()
	k, buf := AppendKey(make([]byte, 0, 64), "prod", "A", []string{"tok-1"})
	if k != NewKey("prod", "A", []string{"tok-1"}) || k.Stage() != "prod" {
		t.Fatalf("AppendKey: got %q (stage %q); want NewKey's", k.s, k.Stage())
	}
	if _, _, err := c.Load(ctx, k, countingLoader(new(atomic.Int64), "v1", time.Minute, nil), Miss); err != nil {
		t.Fatal(err)
	}
	k2, _ := AppendKey(buf, "prod", "A", []string{"tok-2"}) // same length: overwrites the bytes of k
	if _, ok := peek(c, k2); ok {
		t.Errorf("tok-2 found after only tok-1 was loaded; want a miss")
	}
	if e, ok := peek(c, NewKey("prod", "A", []string{"tok-1"})); !ok || e.Value != "v1" {
		t.Errorf("tok-1 after its buffer was reused: got %v %v; want v1", e.Value, ok)
	}
}

// TestKeyHashIsKeyedHMAC: the pooled digests give every key, from any
// goroutine, the HMAC-SHA256 under the process's salt of its hex SHA-256
// (which its Redis entry's name ends with, so listings show the same hash).
func TestKeyHashIsKeyedHMAC(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				k := NewKey("prod", "A", []string{strings.Repeat("t", g*100+i)})
				m := hmac.New(sha256.New, hashSalt)
				sum := sha256.Sum256([]byte(k.s))
				m.Write([]byte(hex.EncodeToString(sum[:])))
				if want := hex.EncodeToString(m.Sum(nil))[:HashLen]; k.Hash() != want {
					t.Errorf("key %d/%d: got %s; want %s", g, i, k.Hash(), want)
					return
				}
			}
		})
	}
	wg.Wait()
}

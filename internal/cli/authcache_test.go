package cli

import (
	"errors"
	"testing"
	"time"
)

func TestCacheFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		f       cacheFlags
		wantErr bool
	}{
		{"default: memory", cacheFlags{store: "memory", timeout: time.Millisecond}, false},
		{"redis", cacheFlags{store: "redis://127.0.0.1:1/0", timeout: time.Millisecond}, false},
		{"redis over TLS", cacheFlags{store: "rediss://127.0.0.1:1/0", timeout: time.Millisecond}, false},
		{"another store", cacheFlags{store: "memcached://x", timeout: time.Millisecond}, true},
		{"no timeout", cacheFlags{store: "redis://127.0.0.1:1/0"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := newCacheStores(tt.f, nil)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, errCacheFlag)) {
				t.Fatalf("newCacheStores(%+v): got %v; want error %v", tt.f, err, tt.wantErr)
			}
		})
	}
}

package authorizer

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"testing"
)

// TestRaceIdentities sends 64 goroutines x 1,000 identities through one
// cache, two stages and two authorizers. The function answers with the
// token as principal; each request must only ever see its own (C-5).
func TestRaceIdentities(t *testing.T) {
	t.Parallel()
	const goroutines, identities = 64, 1000
	inv := invoker(func(_ context.Context, payload []byte) ([]byte, error) {
		var ev struct{ AuthorizationToken string }
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		return []byte(output(ev.AuthorizationToken, "Allow", apiBase+"/*/*")), nil
	})
	a, cache, clock := setup(t, tokenConfig(300), inv)
	other := tokenConfig(300)
	other.Name = "Other"
	b, err := New(other, inv, cache, WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range identities {
				id := (g*131 + i) % identities
				az, stage := a, "prod"
				if (g+i)%2 == 1 {
					az = b
				}
				if (g/2+i)%2 == 1 {
					stage = "dev"
				}
				token := az.Name() + "-" + stage + "-" + strconv.Itoa(id)
				r := tokenRequest("GET", "/pets/"+strconv.Itoa(i), token)
				r.Stage = stage
				out, err := az.Authorize(context.Background(), r, apiBase+"/"+stage+"/GET/pets")
				if err != nil || out.PrincipalID != token {
					t.Errorf("C-5 %s: got principal %q, %v; want %q", token, out.PrincipalID, err, token)
					return
				}
			}
		})
	}
	wg.Wait()
	if got, limit := inv.calls.Load(), int64(4*identities); got > limit {
		t.Fatalf("invocations: got %d; want at most %d (one per key)", got, limit)
	}
	t.Logf("invocations: %d for %d requests", inv.calls.Load(), goroutines*identities)
}

package record

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestRingKeepsNewestFirst(t *testing.T) {
	t.Parallel()
	g := NewRing(3)
	for i := range 5 {
		g.Add(&Record{RequestID: strconv.Itoa(i)})
	}
	got := g.Recent(0)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.RequestID)
	}
	if strings.Join(ids, ",") != "4,3,2" {
		t.Fatalf("Recent = %v, want 4,3,2", ids)
	}
	if _, ok := g.Get("1"); ok {
		t.Fatal("record 1 should have been overwritten")
	}
	if r, ok := g.Get("3"); !ok || r.RequestID != "3" {
		t.Fatalf("Get(3) = %v, %v", r, ok)
	}
}

func TestRingSubscriberMissesInsteadOfBlocking(t *testing.T) {
	t.Parallel()
	g := NewRing(0)
	s := g.Subscribe(1)
	g.Add(&Record{RequestID: "a"})
	g.Add(&Record{RequestID: "b"})
	if r := <-s.C; r.RequestID != "a" {
		t.Fatalf("first = %q", r.RequestID)
	}
	if g.Dropped() != 1 || g.Total() != 2 {
		t.Fatalf("dropped %d total %d", g.Dropped(), g.Total())
	}
	s.Cancel()
	s.Cancel()
	if _, open := <-s.C; open {
		t.Fatal("C open after Cancel")
	}
}

type stubExplain struct{}

func (stubExplain) String() string    { return "allowed by the cached policy" }
func (stubExplain) Statement() string { return "Allow execute-api:Invoke on */GET/pets" }
func (stubExplain) Allowed() []string {
	return []string{"arn:aws:execute-api:us-east-1:1:a/s/GET/pets"}
}

func TestAuthJSONRendersExplanation(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Record{Auth: Auth{Authorizer: "A", Outcome: "allow", Explain: stubExplain{}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"explanation":"allowed by the cached policy"`, `"allowed":["arn:aws`, `"statement":"Allow`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	if b, _ := json.Marshal(Record{}); strings.Contains(string(b), `"auth"`) {
		t.Errorf("zero Auth rendered: %s", b)
	}
}

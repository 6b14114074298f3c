package cli

import (
	"errors"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestSelectAPI: --api keeps the one API named; an unknown name is an
// error that names the template's APIs.
func TestSelectAPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, id string
		want     []string
		err      error
	}{
		{"all", "", []string{"Rest", "Http"}, nil},
		{"one", "Http", []string{"Http"}, nil},
		{"unknown", "Nope", nil, errNoSuchAPI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := &api.Template{APIs: []*api.API{{LogicalID: "Rest"}, {LogicalID: "Http", Kind: api.KindHTTP}}}
			err := selectAPI(tpl, tt.id)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v; want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			var got []string
			for _, a := range tpl.APIs {
				got = append(got, a.LogicalID)
			}
			if len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Fatalf("APIs %v; want %v", got, tt.want)
			}
		})
	}
}

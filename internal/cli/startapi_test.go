package cli

import (
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
)

// TestFrontEndLimits: --max-connections wins; 0 sizes the cap from the
// open-file limit and the processes the template's functions may run
// (BAD-4).
func TestFrontEndLimits(t *testing.T) {
	t.Parallel()
	tpl := &api.Template{Functions: map[string]*api.Function{"A": {}, "B": {}, "C": {}}}
	tests := []struct {
		name string
		f    serveFlags
		want int
	}{
		{"flag given", serveFlags{maxConnections: 50, maxConcurrency: 10}, 50},
		{"default: 3 functions x 10 processes", serveFlags{maxConcurrency: 10}, gateway.MaxConnectionsFor(gateway.OpenFileLimit(), 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := frontEndLimits(tpl, tt.f).MaxConnections; got != tt.want {
				t.Fatalf("MaxConnections = %d; want %d", got, tt.want)
			}
		})
	}
}

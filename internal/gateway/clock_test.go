package gateway

import (
	"strconv"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// TestConditionsReadTheClock: with Config.Clock (--clock manual),
// aws:CurrentTime and aws:EpochTime in policy Conditions are that clock's
// time, not the request's arrival.
func TestConditionsReadTheClock(t *testing.T) {
	t.Parallel()
	before, after := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		clock func() time.Time
		want  int
	}{
		{"a clock before the window: denied", func() time.Time { return before }, 403},
		{"a clock inside the window: allowed", func() time.Time { return after.Add(-time.Hour) }, 200},
		{"a clock after the window: denied", func() time.Time { return after.Add(time.Hour) }, 403},
		{"no clock: the arrival time, inside the window", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := withPolicy(testAPI([]*api.Route{lambdaRoute("GET", "/window", "", "Echo")}),
				rpStmt("Allow", "execute-api:/*/GET/window",
					`{"DateGreaterThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"},"NumericLessThan":{"aws:EpochTime":"`+
						strconv.FormatInt(after.Unix(), 10)+`"}}`))
			s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echoFunc()}, func(c *Config) { c.Clock = tt.clock })
			if r := s.do(t, "GET", "/window"); r.status != tt.want {
				t.Fatalf("got %d %s; want %d", r.status, r.body, tt.want)
			}
		})
	}
}

package cli

import (
	"log/slog"
	"testing"
)

// TestRequestLinesSay: --disable-authorizer's warning promises a note on
// every request line only when the log level keeps those lines.
func TestRequestLinesSay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		level slog.Level
		want  string
	}{
		{"debug keeps the lines", slog.LevelDebug, "each request's log line says so"},
		{"info keeps the lines", slog.LevelInfo, "each request's log line says so"},
		{"warn leaves them out", slog.LevelWarn, "--log-level warn leaves out the request lines that say so"},
		{"error leaves them out", slog.LevelError, "--log-level error leaves out the request lines that say so"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := requestLinesSay(tt.level); got != tt.want {
				t.Errorf("requestLinesSay(%v) = %q, want %q", tt.level, got, tt.want)
			}
		})
	}
}

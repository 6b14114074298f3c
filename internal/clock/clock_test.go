package clock

import (
	"errors"
	"sync"
	"testing"
	"time"
)

var start = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

func TestManual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		move    func(*Manual) error
		want    time.Time
		wantErr error
	}{
		{"stands still", func(*Manual) error { return nil }, start, nil},
		{"advance", func(m *Manual) error { _, err := m.Advance(90 * time.Second); return err }, start.Add(90 * time.Second), nil},
		{"advance zero", func(m *Manual) error { _, err := m.Advance(0); return err }, start, nil},
		{"advance negative refused", func(m *Manual) error { _, err := m.Advance(-time.Second); return err }, start, ErrBackwards},
		{"set", func(m *Manual) error { m.Set(start.Add(-time.Hour)); return nil }, start.Add(-time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewManual(start)
			if err := tt.move(m); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := m.Now(); !got.Equal(tt.want) {
				t.Fatalf("Now = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestManualConcurrent(t *testing.T) {
	t.Parallel()
	m := NewManual(start)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_, _ = m.Advance(time.Second)
				_ = m.Now()
			}
		})
	}
	wg.Wait()
	if got := m.Now(); !got.Equal(start.Add(800 * time.Second)) {
		t.Fatalf("Now = %v after 800 one-second advances", got)
	}
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in      string
		want    Mode
		wantErr error
	}{{"real", Real, nil}, {"manual", ManualMode, nil}, {"fake", "", ErrMode}, {"", "", ErrMode}} {
		got, err := ParseMode(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("ParseMode(%q) = %q, %v", tt.in, got, err)
		}
	}
}

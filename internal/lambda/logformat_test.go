package lambda

import (
	"bytes"
	"testing"
	"time"
)

// TestEndAndStartLineBytes pins START, END and REPORT byte for byte as
// Lambda writes them (tab-separated REPORT fields, two decimals, billed
// milliseconds rounded up, Init Duration on a cold start only).
func TestEndAndStartLineBytes(t *testing.T) {
	t.Parallel()
	id := "8f5b3c1e-0000-4000-8000-000000000001"
	tests := []struct {
		name string
		r    report
		want string
	}{
		{"warm", report{requestID: id, duration: 1234567 * time.Nanosecond, memoryMB: 128, maxUsedMB: 41},
			"[F] END RequestId: " + id + "\n[F] REPORT RequestId: " + id + "\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\n"},
		{"cold, whole ms", report{requestID: id, duration: 3 * time.Millisecond, init: 151999 * time.Microsecond, memoryMB: 1024, maxUsedMB: 7},
			"[F] END RequestId: " + id + "\n[F] REPORT RequestId: " + id + "\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 1024 MB\tMax Memory Used: 7 MB\tInit Duration: 152.00 ms\n"},
		{"rounds half up", report{requestID: id, duration: 5 * time.Microsecond, memoryMB: 128, maxUsedMB: 1},
			"[F] END RequestId: " + id + "\n[F] REPORT RequestId: " + id + "\tDuration: 0.01 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			f := fnLog{logger: &logger{w: &out}, name: "F"}
			f.start(id)
			f.end(tt.r)
			want := "[F] START RequestId: " + id + " Version: $LATEST\n" + tt.want
			if out.String() != want {
				t.Fatalf("got\n%q\nwant\n%q", out.String(), want)
			}
		})
	}
}

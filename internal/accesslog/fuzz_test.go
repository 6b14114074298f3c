package accesslog

import (
	"bytes"
	"testing"
)

// FuzzCompile: any format compiles or fails with an error, and a compiled
// one renders a single line for any record.
func FuzzCompile(f *testing.F) {
	for _, s := range formats {
		f.Add(s)
	}
	f.Add("$context.$context.requestId.")
	f.Add("$context.requestId $context.authorizer.")
	f.Add("$context....requestId")
	f.Fuzz(func(t *testing.T, format string) {
		c, err := Compile(format)
		if err != nil {
			return
		}
		for _, r := range seedRecords() {
			if line := c.Append(nil, &r, "1"); bytes.ContainsAny(line, "\r\n") {
				t.Fatalf("%q renders %q: more than one line", format, line)
			}
		}
	})
}

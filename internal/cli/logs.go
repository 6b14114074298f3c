package cli

import (
	"io"

	"github.com/apigw/apigw/internal/logline"
)

// batchLogs sends a serving command's output through logline Writers, so
// a busy server's lines leave in few write calls instead of one or more
// per request. The returned func writes what is pending and must run
// before the command returns. One writer given as both streams gets one
// Writer, which keeps the order of lines across them.
func batchLogs(s Streams) (Streams, func()) {
	errs := logline.New(s.Stderr)
	out := errs
	if !sameWriter(s.Stdout, s.Stderr) {
		out = logline.New(s.Stdout)
	}
	s.Stdout, s.Stderr = out, errs
	return s, func() {
		out.Close()
		errs.Close()
	}
}

// sameWriter reports whether a and b are one writer; writers whose
// dynamic type cannot be compared are taken as different.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

package accesslog

import (
	"io"
	"sync"

	"github.com/apigw/apigw/internal/record"
)

// Config says which format each API's requests are logged with.
type Config struct {
	// ByAPI holds each API's stage format, by logical id.
	ByAPI map[string]*Format
	// Override, when set, is used for every API (--access-log-format).
	Override  *Format
	AccountID string // $context.accountId
}

// Log writes one line per request of an API that has a format. It is a
// gateway Recorder; safe for concurrent use. The writer is the caller's:
// Log never closes it.
type Log struct {
	cfg Config
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// New returns a Log writing to w.
func New(w io.Writer, cfg Config) *Log {
	return &Log{cfg: cfg, w: w}
}

// Add writes r's line, if its API has a format, in one Write. A failed
// write is dropped: access logs never fail a request.
func (l *Log) Add(r *record.Record) {
	f := l.cfg.Override
	if f == nil {
		if f = l.cfg.ByAPI[r.API]; f == nil {
			return
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(f.Append(l.buf[:0], r, l.cfg.AccountID), '\n')
	_, _ = l.w.Write(l.buf)
}

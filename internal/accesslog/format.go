package accesslog

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/record"
)

// Errors of Compile; each error wraps one.
var (
	// ErrEmpty: the format is empty.
	ErrEmpty = errors.New("access log format is empty")
	// ErrMultiline: the format spans lines; AWS takes a single line.
	ErrMultiline = errors.New("access log format must be a single line")
	// ErrNoRequestID: AWS requires $context.requestId or
	// $context.extendedRequestId in every format.
	ErrNoRequestID = errors.New("access log format must include $context.requestId or $context.extendedRequestId")
)

// prefix starts every variable.
const prefix = "$context."

// Format is a compiled access log format. It is read only: safe for
// concurrent use.
type Format struct {
	parts   []part
	unknown []string
}

// part is literal text, or a variable when render is set.
type part struct {
	text   string // the literal, or the variable's name
	render renderer
}

// renderer appends a variable's value for r; it returns b unchanged when
// the request has no value. accountID is what records do not carry.
type renderer func(b []byte, r *record.Record, accountID string) []byte

// Compile parses format. A variable is "$context." followed by letters,
// digits, '_', '-' and '.' (a trailing '.' is text).
func Compile(format string) (*Format, error) {
	switch {
	case strings.TrimSpace(format) == "":
		return nil, ErrEmpty
	case strings.ContainsAny(format, "\r\n"):
		return nil, ErrMultiline
	}
	f := &Format{}
	hasID := false
	for rest := format; rest != ""; {
		text, name, after := nextVariable(rest)
		f.literal(text)
		if name != "" {
			f.variable(name)
			hasID = hasID || name == "requestId" || name == "extendedRequestId"
		}
		rest = after
	}
	if !hasID {
		return nil, fmt.Errorf("%w: %q", ErrNoRequestID, format)
	}
	return f, nil
}

// nextVariable splits s at its first variable: the text before it, the
// variable's name ("" when there is none) and what follows.
func nextVariable(s string) (text, name, rest string) {
	from := 0
	for {
		i := strings.Index(s[from:], prefix)
		if i < 0 {
			return s, "", ""
		}
		start := from + i
		end := start + len(prefix)
		for end < len(s) && isNameByte(s[end]) {
			end++
		}
		for end > start+len(prefix) && s[end-1] == '.' {
			end--
		}
		if end > start+len(prefix) {
			return s[:start], s[start+len(prefix) : end], s[end:]
		}
		from = end // "$context." alone is text
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

func (f *Format) literal(text string) {
	if text == "" {
		return
	}
	if n := len(f.parts); n > 0 && f.parts[n-1].render == nil {
		f.parts[n-1].text += text
		return
	}
	f.parts = append(f.parts, part{text: text})
}

func (f *Format) variable(name string) {
	render, known := lookup(name)
	if !known {
		f.unknown = append(f.unknown, prefix+name)
	}
	f.parts = append(f.parts, part{text: name, render: render})
}

// Unknown lists the variables of the format that API Gateway does not
// define (each renders "-"), for a warning at load.
func (f *Format) Unknown() []string { return f.unknown }

// Append renders r's line, without its newline, onto b.
func (f *Format) Append(b []byte, r *record.Record, accountID string) []byte {
	for i := range f.parts {
		p := &f.parts[i]
		if p.render == nil {
			b = append(b, p.text...)
			continue
		}
		n := len(b)
		b = p.render(b, r, accountID)
		if len(b) == n {
			b = append(b, '-')
		}
	}
	return b
}

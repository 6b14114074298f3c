package integration

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// A strict reader for the small JSON documents functions return: it reads
// exactly the value kinds the caller asks for, so the response contract
// (L-2) is enforced while parsing, case-sensitively and without reflection.

// maxDepth bounds nesting in values the reader skips.
const maxDepth = 256

var errSyntax = errors.New("invalid JSON")

type jsonReader struct {
	data []byte
	pos  int
}

// ws skips whitespace and returns the next byte, or 0 at the end.
func (r *jsonReader) ws() byte {
	for r.pos < len(r.data) {
		switch c := r.data[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// consume skips whitespace and then c, or fails.
func (r *jsonReader) consume(c byte) error {
	if r.ws() != c {
		return errSyntax
	}
	r.pos++
	return nil
}

// end succeeds when only whitespace is left.
func (r *jsonReader) end() error {
	if r.ws() != 0 || r.pos != len(r.data) {
		return errSyntax
	}
	return nil
}

// object reads an object, calling member for each key with the reader
// positioned at the value; member must read the value.
func (r *jsonReader) object(member func(key []byte) error) error {
	if err := r.consume('{'); err != nil {
		return err
	}
	if r.ws() == '}' {
		r.pos++
		return nil
	}
	for {
		key, err := r.str()
		if err != nil {
			return err
		}
		if err := r.consume(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch r.ws() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return nil
		default:
			return errSyntax
		}
	}
}

// array reads an array, calling item with the reader at each element.
func (r *jsonReader) array(item func() error) error {
	if err := r.consume('['); err != nil {
		return err
	}
	if r.ws() == ']' {
		r.pos++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		switch r.ws() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return nil
		default:
			return errSyntax
		}
	}
}

// null consumes a null if one is next and reports whether it did.
func (r *jsonReader) null() bool {
	if r.ws() == 'n' && r.literal("null") {
		return true
	}
	return false
}

// literal consumes word if the data continues with it.
func (r *jsonReader) literal(word string) bool {
	if len(r.data)-r.pos < len(word) || string(r.data[r.pos:r.pos+len(word)]) != word {
		return false
	}
	r.pos += len(word)
	return true
}

// boolean reads true or false.
func (r *jsonReader) boolean() (bool, error) {
	switch r.ws() {
	case 't':
		if r.literal("true") {
			return true, nil
		}
	case 'f':
		if r.literal("false") {
			return false, nil
		}
	}
	return false, errSyntax
}

// number reads a number and returns its text and whether it is an integer
// (no fraction, no exponent).
func (r *jsonReader) number() (text []byte, integer bool, err error) {
	r.ws()
	start := r.pos
	if r.pos < len(r.data) && r.data[r.pos] == '-' {
		r.pos++
	}
	if !r.intPart() {
		return nil, false, errSyntax
	}
	integer = true
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		integer = false
		if r.digits() == 0 {
			return nil, false, errSyntax
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		integer = false
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if r.digits() == 0 {
			return nil, false, errSyntax
		}
	}
	return r.data[start:r.pos], integer, nil
}

// intPart reads "0" or a digit run that does not start with 0.
func (r *jsonReader) intPart() bool {
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
		return true
	}
	return r.digits() > 0
}

func (r *jsonReader) digits() int {
	n := 0
	for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
		r.pos++
		n++
	}
	return n
}

// str reads a string and returns its decoded bytes; without escapes they
// share memory with the data. Invalid UTF-8 and lone surrogates become
// U+FFFD, as encoding/json decodes them.
func (r *jsonReader) str() ([]byte, error) {
	if err := r.consume('"'); err != nil {
		return nil, err
	}
	start := r.pos
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			s := r.data[start:r.pos]
			r.pos++
			if utf8.Valid(s) {
				return s, nil
			}
			return []byte(string([]rune(string(s)))), nil
		case c == '\\':
			return r.strSlow(start)
		case c < 0x20:
			return nil, errSyntax
		}
		r.pos++
	}
	return nil, errSyntax
}

// strSlow decodes a string with escapes from start (just after the quote).
func (r *jsonReader) strSlow(start int) ([]byte, error) {
	out := make([]byte, 0, r.pos-start+16)
	out = append(out, r.data[start:r.pos]...)
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return out, nil
		case c == '\\':
			var err error
			if out, err = r.escape(out); err != nil {
				return nil, err
			}
		case c < 0x20:
			return nil, errSyntax
		case c < utf8.RuneSelf:
			out = append(out, c)
			r.pos++
		default:
			ru, size := utf8.DecodeRune(r.data[r.pos:])
			out = utf8.AppendRune(out, ru)
			r.pos += size
		}
	}
	return nil, errSyntax
}

// escapes maps the one-letter escapes to their bytes.
var escapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape decodes the escape at r.pos (a backslash) onto out.
func (r *jsonReader) escape(out []byte) ([]byte, error) {
	if r.pos+1 >= len(r.data) {
		return nil, errSyntax
	}
	c := r.data[r.pos+1]
	if c != 'u' {
		if escapes[c] == 0 {
			return nil, errSyntax
		}
		r.pos += 2
		return append(out, escapes[c]), nil
	}
	ru, ok := r.hex4(r.pos + 2)
	if !ok {
		return nil, errSyntax
	}
	r.pos += 6
	if utf16.IsSurrogate(ru) {
		ru = r.lowSurrogate(ru)
	}
	return utf8.AppendRune(out, ru), nil
}

// lowSurrogate pairs high with a following \uXXXX low surrogate, or
// returns U+FFFD and leaves the data unread.
func (r *jsonReader) lowSurrogate(high rune) rune {
	if r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
		if low, ok := r.hex4(r.pos + 2); ok {
			if dec := utf16.DecodeRune(high, low); dec != utf8.RuneError {
				r.pos += 6
				return dec
			}
		}
	}
	return utf8.RuneError
}

// hex4 reads four hex digits at i.
func (r *jsonReader) hex4(i int) (rune, bool) {
	if i+4 > len(r.data) {
		return 0, false
	}
	var v rune
	for _, c := range r.data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

// skip reads any value.
func (r *jsonReader) skip(depth int) error {
	if depth > maxDepth {
		return errSyntax
	}
	switch c := r.ws(); {
	case c == '{':
		return r.object(func([]byte) error { return r.skip(depth + 1) })
	case c == '[':
		return r.array(func() error { return r.skip(depth + 1) })
	case c == '"':
		_, err := r.str()
		return err
	case c == 't' || c == 'f':
		_, err := r.boolean()
		return err
	case c == 'n':
		if r.null() {
			return nil
		}
	case c == '-' || (c >= '0' && c <= '9'):
		_, _, err := r.number()
		return err
	}
	return errSyntax
}

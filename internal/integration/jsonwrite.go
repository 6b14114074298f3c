package integration

import (
	"strconv"

	"github.com/apigw/apigw/internal/jsonstring"
)

// Hand-written JSON appenders for the events: they write exactly the
// shape AWS sends (nulls included) without reflection. Strings are escaped
// by package jsonstring, the one JSON string writer.

// appendString appends s as a JSON string (jsonstring.Append).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends s escaped as in a JSON string, without quotes
// (jsonstring.AppendContent). Most of an event's strings (header names and
// values, ids, paths) are printable ASCII without a quote or backslash:
// the run of such bytes s starts with, found eight at a time, is copied as
// it is, and only the rest goes through the escaper.
func appendEscaped(b []byte, s string) []byte {
	n := plainPrefix(s)
	b = append(b, s[:n]...)
	if n == len(s) {
		return b
	}
	return jsonstring.AppendContent(b, s[n:])
}

// SWAR constants: a one in every byte, and every byte's high bit.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainPrefix returns the length of the longest prefix of s that is
// printable ASCII without a quote or backslash, which a JSON string holds
// as it is; words of eight bytes are looked at whole until one is not
// all plain.
func plainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s) && plainWord(load64(s[i:i+8])); i += 8 {
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// plainWord reports whether none of w's eight bytes is below 0x20, at or
// above 0x80, a quote or a backslash. Each test is exact for whether any
// byte matches: a borrow starts only at a byte that does.
func plainWord(w uint64) bool {
	quote, backslash := w^(ones*'"'), w^(ones*'\\')
	below := (w - ones*0x20) &^ w
	match := below | (quote-ones)&^quote | (backslash-ones)&^backslash | w
	return match&highs == 0
}

// load64 reads eight bytes of s, little-endian.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// appendKey appends `"name":` after a comma unless first.
func appendKey(b []byte, name string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// appendStringOrNull appends s, or null when s is empty.
func appendStringOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

func appendBool(b []byte, v bool) []byte {
	return strconv.AppendBool(b, v)
}

func appendInt(b []byte, v int64) []byte {
	return strconv.AppendInt(b, v, 10)
}

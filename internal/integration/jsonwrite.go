package integration

import (
	"strconv"

	"github.com/apigw/apigw/internal/jsonstring"
)

// Hand-written JSON appenders for the events: they write exactly the
// shape AWS sends (nulls included) without reflection. Strings are escaped
// by package jsonstring, the one JSON string writer.

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte { return jsonstring.Append(b, s) }

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

package request

import "github.com/apigw/apigw/internal/httphead"

// ValidHeaderName reports whether name is a non-empty HTTP token (RFC 9110),
// the only thing that may stand before the colon of a header line.
func ValidHeaderName[S ~string | ~[]byte](name S) bool { return httphead.IsToken(name) }

// ValidHeaderValue reports whether value can stand after the colon of a
// header line: no control characters other than tab.
func ValidHeaderValue(value string) bool { return httphead.ValidValue(value) }

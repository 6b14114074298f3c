// Package jsonstring writes JSON strings: the one escaper behind apigw's
// hand-written JSON (Lambda proxy events, gateway response bodies).
//
// Invariants: the output is always valid JSON and decodes to the input,
// except that invalid UTF-8 decodes to U+FFFD, as with encoding/json. '<',
// '>' and '&' are written as they are (no HTML escaping). The package
// imports nothing of apigw's and does not allocate beyond growing dst.
package jsonstring

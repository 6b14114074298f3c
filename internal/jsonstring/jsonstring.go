package jsonstring

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// Append appends s to dst as a JSON string, in double quotes.
func Append(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = AppendContent(dst, s)
	return append(dst, '"')
}

// AppendContent appends s escaped as Append does, without the quotes, so
// that one JSON string can be written in parts. Quotes, backslashes and
// control characters are escaped; invalid UTF-8 becomes \ufffd; everything
// else is copied in runs. Most strings apigw writes (header names and
// values, ids, paths, messages) are plain ASCII, which is looked at eight
// bytes at a time.
func AppendContent(dst []byte, s string) []byte {
	start, bytewise := 0, 0 // below bytewise, a word was not all plain
	for i := 0; i < len(s); {
		if i >= bytewise && i+8 <= len(s) {
			if plainWord(load64(s[i : i+8])) {
				i += 8
				continue
			}
			bytewise = i + 8
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = appendEscapedByte(append(dst, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
			start = i + 1
		}
		i += size
	}
	return append(dst, s[start:]...)
}

// appendEscapedByte appends the escape of an ASCII byte that needs one.
func appendEscapedByte(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// SWAR constants: a one in every byte, and every byte's high bit.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether all of w's eight bytes are ASCII a JSON string
// holds as they are: none below 0x20, at or above 0x80, a quote or a
// backslash. Each test is exact for whether any byte matches: a borrow
// starts only at a byte that does.
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

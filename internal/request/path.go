package request

import "strings"

// HasDotSegment reports whether path has a "." or ".." segment, read as
// sent or percent-decoded: "/a/../b", "/a/%2e%2E/b", "/a/.%2e", and
// "/a%2F..%2Fb" (whose decoded form has a ".." segment) all do; "/a..b"
// and "/.well-known" do not. It does not allocate.
//
// It is the one dot-segment rule (BAD-3): the gateway refuses such a path
// before routing, and an HTTP backend never receives such a path
// parameter. AWS's own behaviour is UNCONFIRMED; refusing is the
// fail-closed choice.
func HasDotSegment(path string) bool {
	if strings.IndexByte(path, '.') < 0 && strings.IndexByte(path, '%') < 0 {
		return false // no "." nor "%2E": no dot to make a segment of
	}
	dots, other := 0, false
	for i := 0; i <= len(path); {
		unit, n := pathUnit(path, i)
		switch unit {
		case unitSlash:
			if !other && (dots == 1 || dots == 2) {
				return true
			}
			dots, other = 0, false
		case unitDot:
			dots++
		default:
			other = true
		}
		i += n
	}
	return false
}

// Units of a path as HasDotSegment reads it.
const (
	unitOther = iota
	unitDot   // "." or "%2E"
	unitSlash // "/", "%2F", or the end of the path
)

// pathUnit reads the unit at path[i] and its length in bytes.
func pathUnit(path string, i int) (unit, n int) {
	if i == len(path) {
		return unitSlash, 1
	}
	switch c := path[i]; {
	case c == '/':
		return unitSlash, 1
	case c == '.':
		return unitDot, 1
	case c == '%' && i+2 < len(path) && path[i+1] == '2':
		switch path[i+2] {
		case 'E', 'e':
			return unitDot, 3
		case 'F', 'f':
			return unitSlash, 3
		}
	}
	return unitOther, 1
}

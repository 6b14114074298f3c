package policy

import (
	"math"
	"net/netip"
	"strings"
	"time"
)

// Context is the IAM request context a Condition is evaluated against:
// what the gateway knows about one request. The caller owns it; the
// evaluation only reads it. A nil *Context knows nothing, so every
// Condition key is unknown and fails closed.
//
// A local gateway serves anonymous callers from the internet: the
// principal keys (aws:PrincipalAccount, aws:PrincipalType) and the VPC keys
// (aws:SourceVpc, aws:SourceVpce) are always absent.
type Context struct {
	// SourceIP is aws:SourceIp; the zero Addr means unknown.
	SourceIP netip.Addr
	// Now is aws:CurrentTime and aws:EpochTime; the zero Time means unknown.
	Now time.Time
	// SecureTransport is aws:SecureTransport: whether the request came
	// over TLS.
	SecureTransport bool
	// Region is aws:RequestedRegion; "" means absent.
	Region string
	// UserAgent and Referer are aws:UserAgent and aws:Referer, present
	// only when the request carries the header.
	UserAgent, Referer       string
	HasUserAgent, HasReferer bool
}

// condKey is a Condition key apigw knows; keyUnknown is any other.
type condKey uint8

const (
	keyUnknown condKey = iota
	keySourceIP
	keyCurrentTime
	keyEpochTime
	keySecureTransport
	keyRequestedRegion
	keyUserAgent
	keyReferer
	keyPrincipalAccount
	keyPrincipalType
	keySourceVpc
	keySourceVpce
)

// condKeys maps known Condition keys, lower-cased (IAM compares key names
// ignoring case), to their ids.
var condKeys = map[string]condKey{
	"aws:sourceip":         keySourceIP,
	"aws:currenttime":      keyCurrentTime,
	"aws:epochtime":        keyEpochTime,
	"aws:securetransport":  keySecureTransport,
	"aws:requestedregion":  keyRequestedRegion,
	"aws:useragent":        keyUserAgent,
	"aws:referer":          keyReferer,
	"aws:principalaccount": keyPrincipalAccount,
	"aws:principaltype":    keyPrincipalType,
	"aws:sourcevpc":        keySourceVpc,
	"aws:sourcevpce":       keySourceVpce,
}

func lookupKey(name string) condKey { return condKeys[strings.ToLower(name)] }

// presence says whether a request has a Condition key.
type presence uint8

const (
	unknown presence = iota // the context does not say
	absent
	present
)

// value is one key's value in a request: text for string keys, the
// address for aws:SourceIp, seconds since the epoch for the time keys.
type value struct {
	s    string
	ip   netip.Addr
	secs float64
}

// lookup returns key k's value in x. It does not allocate.
func (x *Context) lookup(k condKey) (value, presence) {
	if x == nil {
		return value{}, unknown
	}
	switch k {
	case keySourceIP:
		return value{ip: x.SourceIP}, known(x.SourceIP.IsValid())
	case keyCurrentTime:
		return value{secs: float64(x.Now.UnixNano()) / 1e9}, known(!x.Now.IsZero())
	case keyEpochTime:
		return value{secs: math.Floor(float64(x.Now.UnixNano()) / 1e9)}, known(!x.Now.IsZero())
	case keySecureTransport:
		if x.SecureTransport {
			return value{s: "true"}, present
		}
		return value{s: "false"}, present
	case keyRequestedRegion:
		return text(x.Region, x.Region != "")
	case keyUserAgent:
		return text(x.UserAgent, x.HasUserAgent)
	case keyReferer:
		return text(x.Referer, x.HasReferer)
	case keyPrincipalAccount, keyPrincipalType, keySourceVpc, keySourceVpce:
		return value{}, absent
	}
	return value{}, unknown
}

func known(ok bool) presence {
	if ok {
		return present
	}
	return unknown
}

func text(s string, ok bool) (value, presence) {
	if ok {
		return value{s: s}, present
	}
	return value{}, absent
}

// keyKind is what values a key has, which decides the operators that apply.
func keyKind(k condKey) family {
	switch k {
	case keySourceIP:
		return famIP
	case keyCurrentTime:
		return famDate
	case keyEpochTime:
		return famNumeric // and famDate
	}
	return famString
}

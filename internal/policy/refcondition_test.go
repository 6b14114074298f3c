package policy

import (
	"encoding/json"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// refKeys are the Condition keys the reference knows, lower-cased, with the
// operator families that apply to each. It is written from the IAM
// condition operator docs, independently of operator.go.
var refKeys = map[string]string{
	"aws:sourceip": "ip", "aws:currenttime": "date", "aws:epochtime": "numeric date",
	"aws:securetransport": "string bool", "aws:requestedregion": "string bool", "aws:useragent": "string bool",
	"aws:referer": "string bool", "aws:principalaccount": "string bool", "aws:principaltype": "string bool",
	"aws:sourcevpc": "string bool", "aws:sourcevpce": "string bool",
}

// refOps maps each operator to its family, comparison and negation.
var refOps = map[string][3]string{
	"StringEquals": {"string", "=", ""}, "StringNotEquals": {"string", "=", "not"},
	"StringEqualsIgnoreCase": {"string", "fold", ""}, "StringNotEqualsIgnoreCase": {"string", "fold", "not"},
	"StringLike": {"string", "like", ""}, "StringNotLike": {"string", "like", "not"},
	"NumericEquals": {"numeric", "=", ""}, "NumericNotEquals": {"numeric", "=", "not"},
	"NumericLessThan": {"numeric", "<", ""}, "NumericLessThanEquals": {"numeric", "<=", ""},
	"NumericGreaterThan": {"numeric", ">", ""}, "NumericGreaterThanEquals": {"numeric", ">=", ""},
	"DateEquals": {"date", "=", ""}, "DateNotEquals": {"date", "=", "not"},
	"DateLessThan": {"date", "<", ""}, "DateLessThanEquals": {"date", "<=", ""},
	"DateGreaterThan": {"date", ">", ""}, "DateGreaterThanEquals": {"date", ">=", ""},
	"Bool": {"bool", "fold", ""}, "IpAddress": {"ip", "ip", ""}, "NotIpAddress": {"ip", "ip", "not"},
	"Null": {"null", "", ""},
}

// refCondition decides a Condition: "true", "false" or "unknown" (AND over
// every operator and key, false winning over unknown). ctx holds the
// request's present keys, lower-cased, as text (times in RFC 3339); a nil
// ctx is an unknown request.
func refCondition(cond map[string]any, ctx map[string]string) string {
	out := "true"
	for op, keys := range cond {
		km, _ := keys.(map[string]any)
		if len(km) == 0 {
			out = refAnd(out, "unknown")
		}
		for key, vals := range km {
			out = refAnd(out, refClause(op, key, refTexts(vals), ctx))
		}
	}
	return out
}

func refAnd(a, b string) string {
	switch {
	case a == "false" || b == "false":
		return "false"
	case a == "unknown" || b == "unknown":
		return "unknown"
	}
	return "true"
}

func refTexts(v any) []string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []string
	for _, x := range list {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case bool:
			out = append(out, strconv.FormatBool(x))
		case json.Number:
			out = append(out, x.String())
		}
	}
	return out
}

func refClause(op, key string, vals []string, ctx map[string]string) string {
	set, name := "", op
	for _, q := range []string{"ForAnyValue:", "ForAllValues:"} {
		if strings.HasPrefix(name, q) {
			set, name = q, name[len(q):]
		}
	}
	ifExists := strings.HasSuffix(name, "IfExists")
	name = strings.TrimSuffix(name, "IfExists")
	spec, ok := refOps[name]
	kinds, known := refKeys[strings.ToLower(key)]
	if !ok || !known || len(vals) == 0 || (spec[0] == "null" && (ifExists || set != "")) ||
		(spec[0] != "null" && !strings.Contains(kinds, strings.Replace(spec[0], "bool", "string", 1))) ||
		!refValid(spec[0], vals) || ctx == nil {
		return "unknown"
	}
	v, has := ctx[strings.ToLower(key)]
	if strings.EqualFold(key, "aws:SourceIp") || strings.EqualFold(key, "aws:CurrentTime") || strings.EqualFold(key, "aws:EpochTime") {
		if !has {
			return "unknown" // the gateway always knows these: missing means unknown
		}
	}
	switch {
	case spec[0] == "null":
		return refBool(refAnyOf(vals, func(w string) bool { return strings.EqualFold(w, "true") == !has }))
	case !has:
		return refBool(ifExists || set == "ForAllValues:" || (set == "" && spec[2] == "not"))
	}
	return refBool(refAnyOf(vals, func(w string) bool { return refMatch(spec, key, v, w) }) != (spec[2] == "not"))
}

func refBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func refAnyOf(vals []string, f func(string) bool) bool {
	for _, w := range vals {
		if f(w) {
			return true
		}
	}
	return false
}

// refValid reports whether every policy value can be read for the family.
func refValid(fam string, vals []string) bool {
	for _, w := range vals {
		ok := true
		switch fam {
		case "string":
			ok = !strings.Contains(w, "${")
		case "bool", "null":
			ok = strings.EqualFold(w, "true") || strings.EqualFold(w, "false")
		case "numeric":
			_, err := strconv.ParseFloat(w, 64)
			ok = err == nil
		case "date":
			_, ok = refTime(w)
		case "ip":
			_, ok = refNet(w)
		}
		if !ok {
			return false
		}
	}
	return true
}

func refMatch(spec [3]string, key, v, w string) bool {
	switch spec[0] {
	case "string", "bool":
		switch spec[1] {
		case "fold":
			return strings.EqualFold(v, w)
		case "like":
			return refGlob(w, v)
		}
		return v == w
	case "ip":
		n, _ := refNet(w)
		a, err := netip.ParseAddr(v)
		return err == nil && n.Contains(a.Unmap().WithZone(""))
	}
	a, b := refSeconds(key, v), refPolicyNumber(spec[0], w)
	return map[string]bool{"=": a == b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[spec[1]]
}

// refSeconds reads the context's time (RFC 3339) as seconds since the
// epoch; aws:EpochTime is whole seconds.
func refSeconds(key, v string) float64 {
	t, _ := time.Parse(time.RFC3339Nano, v)
	secs := float64(t.UnixNano()) / 1e9
	if strings.EqualFold(key, "aws:EpochTime") {
		return math.Floor(secs)
	}
	return secs
}

func refPolicyNumber(fam, w string) float64 {
	if fam == "numeric" {
		n, _ := strconv.ParseFloat(w, 64)
		return n
	}
	t, _ := refTime(w)
	return t
}

func refTime(w string) (float64, bool) {
	if n, err := strconv.ParseInt(w, 10, 64); err == nil {
		return float64(n), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, w); err == nil {
			return float64(t.UnixNano()) / 1e9, true
		}
	}
	return 0, false
}

func refNet(w string) (netip.Prefix, bool) {
	if n, err := netip.ParsePrefix(w); err == nil {
		return n.Masked(), true
	}
	a, err := netip.ParseAddr(w)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// refContextOf is x as the reference reads it: present keys as text.
func refContextOf(x *Context) map[string]string {
	if x == nil {
		return nil
	}
	m := map[string]string{"aws:securetransport": strconv.FormatBool(x.SecureTransport)}
	if x.SourceIP.IsValid() {
		m["aws:sourceip"] = x.SourceIP.String()
	}
	if !x.Now.IsZero() {
		m["aws:currenttime"] = x.Now.Format(time.RFC3339Nano)
		m["aws:epochtime"] = m["aws:currenttime"]
	}
	if x.Region != "" {
		m["aws:requestedregion"] = x.Region
	}
	if x.HasUserAgent {
		m["aws:useragent"] = x.UserAgent
	}
	if x.HasReferer {
		m["aws:referer"] = x.Referer
	}
	return m
}

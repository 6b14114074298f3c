package policy

import (
	"encoding/json"
	"net/netip"
	"strings"
)

// Condition operators and the key apigw evaluates in resource policies.
const (
	opIPAddress    = "IpAddress"
	opNotIPAddress = "NotIpAddress"
	keySourceIP    = "aws:SourceIp"
)

// ipClause is one evaluated Condition entry: IpAddress (or, with not,
// NotIpAddress) on aws:SourceIp.
type ipClause struct {
	not  bool
	nets []netip.Prefix
}

// holds reports whether the clause is true for a caller at ip.
func (c ipClause) holds(ip netip.Addr) bool {
	in := false
	for _, n := range c.nets {
		if n.Contains(ip) {
			in = true
			break
		}
	}
	return in != c.not
}

// condition reads a resource policy statement's Condition: an object of
// operators, each an object of keys, each a value or a list of values.
// Every entry must be evaluable for s to get clauses; otherwise the
// statement is marked conditional and rr remembers why.
func (rr *resourceReader) condition(r *reader, s *rawStatement, at string) error {
	clauses := []ipClause{}
	err := r.object(at, func(op string) error {
		return r.object(at+"."+op, func(key string) error {
			values, err := r.scalars(at + "." + op + "." + key)
			if err != nil {
				return err
			}
			c, ok := ipClauseFor(op, key, values)
			if !ok && rr.unevaluated == "" {
				rr.unevaluated = op + " on " + key
			}
			clauses = append(clauses, c)
			return nil
		})
	})
	if rr.unevaluated != "" {
		s.conditional = true
	} else if len(clauses) > 0 {
		s.clauses = clauses
	}
	return err
}

// ipClauseFor builds the clause for one operator and key, or reports that
// apigw does not evaluate it (another operator or key, or a value that is
// not an address or CIDR). Condition keys ignore case, as in IAM.
func ipClauseFor(op, key string, values []string) (ipClause, bool) {
	if (op != opIPAddress && op != opNotIPAddress) || !strings.EqualFold(key, keySourceIP) {
		return ipClause{}, false
	}
	c := ipClause{not: op == opNotIPAddress, nets: make([]netip.Prefix, 0, len(values))}
	for _, v := range values {
		n, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return ipClause{}, false
			}
			n = netip.PrefixFrom(a, a.BitLen())
		}
		c.nets = append(c.nets, n.Masked())
	}
	return c, true
}

// scalars reads a string, number or boolean, or a non-null array of them,
// as text.
func (r *reader) scalars(at string) ([]string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	if tok == json.Delim('[') {
		out := []string{}
		for r.dec.More() {
			if tok, err = r.dec.Token(); err != nil {
				return nil, syntax(err)
			}
			v, ok := scalarText(tok)
			if !ok {
				return nil, malformed("%s: want strings, numbers or booleans, got %s", at, describe(tok))
			}
			out = append(out, v)
		}
		return out, r.close()
	}
	if v, ok := scalarText(tok); ok {
		return []string{v}, nil
	}
	return nil, malformed("%s: want a value or a list of values, got %s", at, describe(tok))
}

func scalarText(tok json.Token) (string, bool) {
	switch v := tok.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

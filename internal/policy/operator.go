package policy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// family groups the Condition operators by the values they compare.
type family uint8

const (
	famString family = iota + 1
	famNumeric
	famDate
	famBool
	famIP
	famNull
)

// comparison is how an operator compares a request's value with one of
// the policy's values.
type comparison uint8

const (
	cmpEq comparison = iota
	cmpEqFold
	cmpLike
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

// operator is one IAM Condition operator without its set qualifier and
// IfExists suffix. A negated operator (not) holds when the request's value
// matches none of the policy's values.
type operator struct {
	fam family
	cmp comparison
	not bool
}

// operators are the operators apigw evaluates, by their exact IAM names.
var operators = map[string]operator{
	"StringEquals":              {famString, cmpEq, false},
	"StringNotEquals":           {famString, cmpEq, true},
	"StringEqualsIgnoreCase":    {famString, cmpEqFold, false},
	"StringNotEqualsIgnoreCase": {famString, cmpEqFold, true},
	"StringLike":                {famString, cmpLike, false},
	"StringNotLike":             {famString, cmpLike, true},
	"NumericEquals":             {famNumeric, cmpEq, false},
	"NumericNotEquals":          {famNumeric, cmpEq, true},
	"NumericLessThan":           {famNumeric, cmpLT, false},
	"NumericLessThanEquals":     {famNumeric, cmpLE, false},
	"NumericGreaterThan":        {famNumeric, cmpGT, false},
	"NumericGreaterThanEquals":  {famNumeric, cmpGE, false},
	"DateEquals":                {famDate, cmpEq, false},
	"DateNotEquals":             {famDate, cmpEq, true},
	"DateLessThan":              {famDate, cmpLT, false},
	"DateLessThanEquals":        {famDate, cmpLE, false},
	"DateGreaterThan":           {famDate, cmpGT, false},
	"DateGreaterThanEquals":     {famDate, cmpGE, false},
	"Bool":                      {famBool, cmpEq, false},
	"IpAddress":                 {famIP, cmpEq, false},
	"NotIpAddress":              {famIP, cmpEq, true},
	"Null":                      {famNull, cmpEq, false},
}

// Set qualifiers and the IfExists suffix of an operator's name.
const (
	prefixAnyValue  = "ForAnyValue:"
	prefixAllValues = "ForAllValues:"
	suffixIfExists  = "IfExists"
)

// qualifier is an operator's set qualifier.
type qualifier uint8

const (
	single qualifier = iota
	forAnyValue
	forAllValues
)

// truth is a three-valued result: a Condition whose request value is
// unknown is neither true nor false, and fails closed.
type truth uint8

const (
	truthUnknown truth = iota
	truthFalse
	truthTrue
)

func truthOf(b bool) truth {
	if b {
		return truthTrue
	}
	return truthFalse
}

// clause is one operator applied to one key with its values, compiled.
// why, when not "", says why apigw cannot evaluate it: it is then always
// unknown. unknownWhy explains an unknown request value.
type clause struct {
	key        condKey
	op         operator
	set        qualifier
	ifExists   bool
	strs       []string // String, Bool and Null values
	pats       []pattern
	nums       []float64 // Numeric values; Date values as seconds since the epoch
	nets       []netip.Prefix
	why        string
	unknownWhy string
}

// eval decides the clause for a request (IAM's rules: a missing key makes
// an operator false and a negated one true, IfExists and ForAllValues true,
// ForAnyValue false; Null tests presence alone). It does not allocate.
func (c *clause) eval(x *Context) truth {
	if c.why != "" {
		return truthUnknown
	}
	v, has := x.lookup(c.key)
	switch {
	case has == unknown:
		return truthUnknown
	case c.op.fam == famNull:
		return truthOf(c.anyString(func(s string) bool { return strings.EqualFold(s, "true") == (has == absent) }))
	case has == absent:
		return truthOf(c.ifExists || c.set == forAllValues || (c.set == single && c.op.not))
	}
	return truthOf(c.matches(v) != c.op.not)
}

// matches reports whether v matches any of the clause's values.
func (c *clause) matches(v value) bool {
	switch c.op.fam {
	case famString:
		return c.matchString(v.s)
	case famBool:
		return c.anyString(func(s string) bool { return strings.EqualFold(s, v.s) })
	case famNumeric, famDate:
		for _, n := range c.nums {
			if compare(v.secs, n, c.op.cmp) {
				return true
			}
		}
	case famIP:
		for _, n := range c.nets {
			if n.Contains(v.ip.Unmap().WithZone("")) {
				return true
			}
		}
	}
	return false
}

func (c *clause) matchString(s string) bool {
	if c.op.cmp == cmpLike {
		for i := range c.pats {
			if p := &c.pats[i]; len(s) >= int(p.min) && p.match(s, 0) {
				return true
			}
		}
		return false
	}
	fold := c.op.cmp == cmpEqFold
	return c.anyString(func(w string) bool { return w == s || fold && strings.EqualFold(w, s) })
}

func (c *clause) anyString(match func(string) bool) bool {
	for _, s := range c.strs {
		if match(s) {
			return true
		}
	}
	return false
}

func compare(a, b float64, cmp comparison) bool {
	switch cmp {
	case cmpLT:
		return a < b
	case cmpLE:
		return a <= b
	case cmpGT:
		return a > b
	case cmpGE:
		return a >= b
	}
	return a == b
}

// compileClause compiles operator name op on key with its values. What
// apigw cannot evaluate (an unknown operator or key, an operator that does
// not apply to the key, a value it cannot read) gives a clause with why
// set, never an error: it fails closed.
func compileClause(op, key string, values []string) clause {
	what := op + " on " + key
	c := clause{unknownWhy: what + ": the request's value is not known here"}
	name := op
	if rest, ok := strings.CutPrefix(name, prefixAnyValue); ok {
		c.set, name = forAnyValue, rest
	} else if rest, ok := strings.CutPrefix(name, prefixAllValues); ok {
		c.set, name = forAllValues, rest
	}
	name, c.ifExists = strings.CutSuffix(name, suffixIfExists)
	o, ok := operators[name]
	c.op, c.key = o, lookupKey(key)
	switch {
	case !ok:
		c.why = what + ": apigw does not know this operator"
	case c.key == keyUnknown:
		c.why = what + ": apigw does not know this key"
	case o.fam == famNull && (c.ifExists || c.set != single):
		c.why = what + ": Null takes neither IfExists nor a set qualifier"
	case !applies(o.fam, c.key):
		c.why = what + ": the operator does not apply to this key"
	case len(values) == 0:
		c.why = what + ": no values"
	default:
		if err := c.compileValues(values); err != nil {
			c.why = what + ": " + err.Error()
		}
	}
	return c
}

// applies reports whether operators of family f compare key k's values.
func applies(f family, k condKey) bool {
	kind := keyKind(k)
	switch f {
	case famNull:
		return true
	case famString, famBool:
		return kind == famString
	case famDate:
		return kind == famDate || k == keyEpochTime
	}
	return f == kind
}

func (c *clause) compileValues(values []string) error {
	for _, v := range values {
		if err := c.compileValue(v); err != nil {
			return err
		}
	}
	return nil
}

func (c *clause) compileValue(v string) error {
	switch c.op.fam {
	case famString:
		if strings.Contains(v, "${") {
			return fmt.Errorf("policy variables (%q) are not evaluated", v)
		}
		if c.op.cmp == cmpLike { // matchString reads only the patterns
			c.pats = append(c.pats, compilePattern(v))
		} else {
			c.strs = append(c.strs, v)
		}
	case famBool, famNull:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return fmt.Errorf("%q is not true or false", v)
		}
		c.strs = append(c.strs, v)
	case famNumeric:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
		c.nums = append(c.nums, n)
	case famDate:
		return c.compileDate(v)
	case famIP:
		return c.compileNet(v)
	}
	return nil
}

// dateLayouts are the ISO 8601 forms a Date value may take; seconds since
// the epoch are accepted too.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"}

func (c *clause) compileDate(v string) error {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		c.nums = append(c.nums, float64(n))
		return nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			c.nums = append(c.nums, float64(t.UnixNano())/1e9)
			return nil
		}
	}
	return fmt.Errorf("%q is not a date", v)
}

func (c *clause) compileNet(v string) error {
	n, err := netip.ParsePrefix(v)
	if err != nil {
		a, aerr := netip.ParseAddr(v)
		if aerr != nil || a.Zone() != "" {
			return fmt.Errorf("%q is not an address or CIDR block", v)
		}
		n = netip.PrefixFrom(a, a.BitLen())
	}
	c.nets = append(c.nets, n.Masked())
	return nil
}

// condition is a statement's whole Condition: its clauses AND-ed.
type condition struct {
	clauses []clause
}

// eval decides the Condition: false when any clause is false, else
// unknown when any is unknown (why says which), else true.
func (c *condition) eval(x *Context) (truth, string) {
	t, why := truthTrue, ""
	for i := range c.clauses {
		switch c.clauses[i].eval(x) {
		case truthFalse:
			return truthFalse, ""
		case truthUnknown:
			if t == truthTrue {
				t, why = truthUnknown, c.clauses[i].reason()
			}
		}
	}
	return t, why
}

func (c *clause) reason() string {
	if c.why != "" {
		return c.why
	}
	return c.unknownWhy
}

// unevaluated returns why the Condition can never be true, or "".
func (c *condition) unevaluated() string {
	for i := range c.clauses {
		if c.clauses[i].why != "" {
			return c.clauses[i].why
		}
	}
	return ""
}

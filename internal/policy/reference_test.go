package policy

import (
	"bytes"
	"encoding/json"
	"strings"
)

// refStatements decodes the statements of a document Parse accepted,
// generically, for refEvaluate.
func refStatements(doc []byte) []map[string]any {
	var d struct{ Statement []map[string]any }
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		panic("refStatements on a document Parse accepted: " + err.Error())
	}
	return d.Statement
}

// refEvaluate is a second, plain evaluator used to check the compiled one:
// refGlob and P-3/P-4/O-2 as written in the spec, and refCondition for
// Conditions in the request context ctx (nil: unknown). denied reports
// that a Deny statement covers arn.
func refEvaluate(stmts []map[string]any, arn string, ctx map[string]string) (effect Effect, denied bool) {
	allowed := false
	for _, s := range stmts {
		if !refCovers(s, "Action", "NotAction", refActionMatch, InvokeAction) ||
			!refCovers(s, "Resource", "NotResource", refGlob, arn) {
			continue
		}
		cond, _ := s["Condition"].(map[string]any)
		switch t := refCondition(cond, ctx); {
		case s["Effect"] == "Deny" && t != "false": // unknown fails closed
			denied = true
		case s["Effect"] == "Allow" && t == "true":
			allowed = true
		}
	}
	switch {
	case denied:
		return ExplicitDeny, true
	case allowed:
		return Allow, false
	}
	return ImplicitDeny, false
}

// refCovers applies the key (or its Not form) of statement s to subject.
func refCovers(s map[string]any, key, notKey string, match func(p, s string) bool, subject string) bool {
	v, ok := s[key]
	if !ok {
		return !refAny(s[notKey], match, subject)
	}
	return refAny(v, match, subject)
}

func refAny(v any, match func(p, s string) bool, subject string) bool {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	for _, p := range list {
		if match(p.(string), subject) {
			return true
		}
	}
	return false
}

func refActionMatch(p, action string) bool {
	lower := func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return refGlob(strings.Map(lower, p), strings.Map(lower, action))
}

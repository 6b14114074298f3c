package policy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const base = "arn:aws:execute-api:us-east-1:123456789012:abc123"

// doc wraps statements (JSON objects) in a policy document.
func doc(stmts ...string) []byte {
	return []byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`)
}

// stmt is a statement on execute-api:Invoke with one Resource.
func stmt(effect, resource string) string {
	return stmtAction(effect, `"execute-api:Invoke"`, resource)
}

// stmtAction takes the Action value as raw JSON.
func stmtAction(effect, action, resource string) string {
	return fmt.Sprintf(`{"Effect":%q,"Action":%s,"Resource":%q}`, effect, action, resource)
}

// refGlob is the reference matcher the compiled patterns are checked
// against: plain recursion over the definition in P-5 ("*" any run of
// characters, "?" one character, all else literal bytes), memoised so long
// inputs stay cheap.
func refGlob(p, s string) bool {
	memo := make([]int8, (len(p)+1)*(len(s)+1)) // 0 unknown, 1 false, 2 true
	var m func(i, j int) bool
	m = func(i, j int) bool {
		key := i*(len(s)+1) + j
		if memo[key] != 0 {
			return memo[key] == 2
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(s)
		case p[i] == '*':
			r = m(i+1, j) || (j < len(s) && m(i, j+refCharLen(s[j:])))
		case p[i] == '?':
			r = j < len(s) && m(i+1, j+refCharLen(s[j:]))
		default:
			r = j < len(s) && p[i] == s[j] && m(i+1, j+1)
		}
		memo[key] = 1
		if r {
			memo[key] = 2
		}
		return r
	}
	return m(0, 0)
}

func refCharLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

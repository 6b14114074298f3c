package jwtauth

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Strings renders claims as the integration receives them, every value a
// string: strings as they are, numbers as their JSON text, booleans
// "true"/"false", lists "[a b]" (httpAPI) or "a,b" (REST), objects and
// null as JSON.
func Strings(claims map[string]any, httpAPI bool) map[string]string {
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		out[k] = claimString(v, httpAPI)
	}
	return out
}

func claimString(v any, httpAPI bool) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = claimString(e, httpAPI)
		}
		if httpAPI {
			return "[" + strings.Join(parts, " ") + "]"
		}
		return strings.Join(parts, ",")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

package cli

import (
	"maps"
	"testing"
)

func TestParseParameterOverrides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     map[string]string
	}{
		{"empty", "", map[string]string{}},
		{"key=value items", "Stage=dev  Url=http://x/?a=b", map[string]string{"Stage": "dev", "Url": "http://x/?a=b"}},
		{"ParameterKey form", "ParameterKey=Stage,ParameterValue=dev ParameterKey=Ttl,ParameterValue=300",
			map[string]string{"Stage": "dev", "Ttl": "300"}},
		{"both forms mixed", "A=1 ParameterKey=B,ParameterValue=2", map[string]string{"A": "1", "B": "2"}},
		{"quoted value with spaces", `Msg="hello world" B=2`, map[string]string{"Msg": "hello world", "B": "2"}},
		{"quoted value with escapes", `Msg="say \"hi\" \\o/"`, map[string]string{"Msg": `say "hi" \o/`}},
		{"quoted ParameterValue with comma", `ParameterKey=List,ParameterValue="a, b"`, map[string]string{"List": "a, b"}},
		{"empty value", "A=", map[string]string{"A": ""}},
		{"later item wins", "A=1 A=2", map[string]string{"A": "2"}},
	}
	for _, tt := range tests {
		got, err := parseParameterOverrides(tt.in)
		if err != nil || !maps.Equal(got, tt.want) {
			t.Errorf("%s: parseParameterOverrides(%q) = %v, %v; want %v", tt.name, tt.in, got, err, tt.want)
		}
	}
}

func TestParseParameterOverridesErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"=bad", "NoEquals", "ParameterKey=A", "ParameterKey=,ParameterValue=1", "Not-Alnum=1",
		`A="open`, `A="x"y"`, `A="x\"`,
	} {
		if got, err := parseParameterOverrides(in); err == nil {
			t.Errorf("parseParameterOverrides(%q) = %v; want an error", in, got)
		}
	}
}

package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	long := base + "/prod/GET/" + strings.Repeat("a", MaxResourceChars-len(base+"/prod/GET/")+1)
	res := `"Resource":"` + base + `/*"`
	act := `"Action":"execute-api:Invoke"`
	cases := []struct{ name, doc, where string }{
		{"O-2 Condition null", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,"Condition":null}]}`, "Condition"},
		{"O-2 Condition null with spaces", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,"Condition":  null }]}`, "Condition"},
		{"O-2 Condition string", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,"Condition":"x"}]}`, "Condition"},
		{"O-2 Condition array", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny",` + act + `,` + res + `,"Condition":[]}]}`, "Condition"},
		{"O-2 lowercase effect", string(doc(stmt("allow", base+"/*"))), "Effect"},
		{"O-2 uppercase effect", string(doc(stmt("ALLOW", base+"/*"))), "Effect"},
		{"O-2 effect with space", string(doc(stmt("Allow ", base+"/*"))), "Effect"},
		{"O-2 effect number", `{"Version":"2012-10-17","Statement":[{"Effect":1,` + act + `,` + res + `}]}`, "Effect"},
		{"O-2 missing effect", `{"Version":"2012-10-17","Statement":[{` + act + `,` + res + `}]}`, "Effect"},
		{"O-2 Statement as one object", `{"Version":"2012-10-17","Statement":` + stmt("Allow", base+"/*") + `}`, "Statement"},
		{"O-2 Statement null", `{"Version":"2012-10-17","Statement":null}`, "Statement"},
		{"O-2 Statement element not an object", `{"Version":"2012-10-17","Statement":["x"]}`, "Statement[0]"},
		{"O-2 missing Version", `{"Statement":[` + stmt("Allow", base+"/*") + `]}`, "Version"},
		{"O-2 Version number", `{"Version":2012,"Statement":[]}`, "Version"},
		{"O-2 missing Statement", `{"Version":"2012-10-17"}`, "Statement"},
		{"O-2 empty Action array", string(doc(stmtAction("Allow", `[]`, base+"/*"))), "Action"},
		{"O-2 empty Action string", string(doc(stmtAction("Allow", `""`, base+"/*"))), "Action"},
		{"O-2 empty Resource array", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":[]}]}`, "Resource"},
		{"O-2 empty Resource string", string(doc(stmt("Allow", ""))), "Resource"},
		{"O-2 empty string in Resource array", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":["a",""]}]}`, "Resource[1]"},
		{"O-2 number in Resource array", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":["a",1]}]}`, "Resource[1]"},
		{"O-2 boolean in Action array", string(doc(stmtAction("Allow", `[true]`, base+"/*"))), "Action[0]"},
		{"O-2 null Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":null}]}`, "Resource"},
		{"O-2 object Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":{}}]}`, "Resource"},
		{"O-2 nested array Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"Resource":[["a"]]}]}`, "Resource[0]"},
		{"O-2 missing Action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + res + `}]}`, "Action"},
		{"O-2 missing Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `}]}`, "Resource"},
		{"O-2 both Action and NotAction", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"NotAction":"s3:*",` + res + `}]}`, "NotAction"},
		{"O-2 both Resource and NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,"NotResource":"x"}]}`, "NotResource"},
		{"O-2 unknown statement key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,"Principal":"*"}]}`, "Principal"},
		{"O-2 lowercase statement key", `{"Version":"2012-10-17","Statement":[{"effect":"Allow",` + act + `,` + res + `}]}`, "effect"},
		{"O-2 unknown top-level key", `{"Version":"2012-10-17","Statement":[],"Extra":1}`, "Extra"},
		{"O-2 lowercase top-level key", `{"version":"2012-10-17","Statement":[]}`, "version"},
		{"O-2 duplicate Effect", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow",` + act + `,` + res + `}]}`, "duplicate"},
		{"O-2 duplicate Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,` + res + `,` + res + `}]}`, "duplicate"},
		{"O-2 duplicate Statement", `{"Version":"2012-10-17","Statement":[],"Statement":[]}`, "duplicate"},
		{"O-2 Sid number", `{"Version":"2012-10-17","Statement":[{"Sid":1,"Effect":"Allow",` + act + `,` + res + `}]}`, "Sid"},
		{"O-2 Id number", `{"Version":"2012-10-17","Id":1,"Statement":[]}`, "Id"},
		{"P-2 513-character Resource", string(doc(stmt("Allow", long))), "513 characters"},
		{"P-2 513-character NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + act + `,"NotResource":["` + long + `"]}]}`, "513 characters"},
		{"not JSON", `Allow`, ""},
		{"empty document", ``, ""},
		{"only spaces", `   `, ""},
		{"null document", `null`, "policy"},
		{"array document", `[]`, "policy"},
		{"string document", `"x"`, "policy"},
		{"truncated document", `{"Version":"2012-10-17","Statement":[`, ""},
		{"trailing comma", `{"Version":"2012-10-17","Statement":[],}`, ""},
		{"second document after the first", `{"Version":"2012-10-17","Statement":[]} {}`, "after"},
		{"garbage after the document", `{"Version":"2012-10-17","Statement":[]}]`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(c.doc))
			if !errors.Is(err, ErrMalformed) || p != nil {
				t.Fatalf("Parse(%s) = %v, %v; want nil, ErrMalformed", c.doc, p, err)
			}
			if !strings.Contains(err.Error(), c.where) {
				t.Errorf("error %q does not name %q", err, c.where)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	res512 := base + "/prod/GET/" + strings.Repeat("é", MaxResourceChars-len(base+"/prod/GET/"))
	cases := []struct {
		name, doc string
		stmts     int
	}{
		{"O-2 string Action and Resource", string(doc(stmt("Allow", base+"/*"))), 1},
		{"O-2 arrays as aws-lambda-go sends them", `{"Version":"2012-10-17","Statement":[{"Action":["execute-api:Invoke"],"Effect":"Allow","Resource":["a","b"]}]}`, 1},
		{"O-2 Sid and Id", `{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"s1","Effect":"Deny","Action":"*","Resource":"*"}]}`, 1},
		{"O-2 older Version", `{"Version":"2008-10-17","Statement":[]}`, 0},
		{"O-2 Condition object", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]}}}]}`, 1},
		{"O-2 NotAction and NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":["x"]}]}`, 1},
		{"O-2 whitespace around everything", " \n{ \"Version\" : \"2012-10-17\" ,\t\"Statement\" : [ ] }\n ", 0},
		{"P-2 512 characters (counted as characters, not bytes)", string(doc(stmt("Allow", res512))), 1},
		{"two statements", string(doc(stmt("Allow", "a"), stmt("Deny", "b"))), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(c.doc))
			if err != nil {
				t.Fatalf("Parse(%s): %v", c.doc, err)
			}
			if got := p.NumStatements(); got != c.stmts {
				t.Errorf("NumStatements = %d; want %d", got, c.stmts)
			}
		})
	}
}

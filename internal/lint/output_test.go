package lint

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// sampleFindings are two findings, one without a line.
func sampleFindings() []Finding {
	fs := Static(model(azs(tokenAuth("A", 300)), route("ANY", "/{proxy+}", "A", 20)), testScope)
	return append(fs, Finding{Rule: RuleDenySlash, Severity: SeverityWarning, Location: Location{File: "/abs/api.yaml"}, Message: "m"})
}

func render(t *testing.T, format string, fs []Finding) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, fs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSARIF checks the SARIF 2.1.0 log structurally: every field a
// code-scanning UI requires is present and every result's rule is listed.
func TestSARIF(t *testing.T) {
	t.Parallel()
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID  *string `json:"ruleId"`
				Level   string  `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, FormatSARIF, sampleFindings()), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name == "" {
		t.Fatalf("log %+v: want version 2.1.0 and one run with a tool name", log)
	}
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" {
			t.Errorf("rule %+v lacks id or description", r)
		}
		ids = append(ids, r.ID)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results; want 2", len(run.Results))
	}
	for i, r := range run.Results {
		if r.RuleID == nil || !slices.Contains(ids, *r.RuleID) || !slices.Contains([]string{"error", "warning", "note"}, r.Level) ||
			r.Message.Text == "" || len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result %d %+v lacks a listed ruleId, a level, a message or a location", i, r)
		}
	}
	first, second := run.Results[0].Locations[0].PhysicalLocation, run.Results[1].Locations[0].PhysicalLocation
	if first.Region == nil || first.Region.StartLine != 10 || first.ArtifactLocation.URI != testFile {
		t.Errorf("first location %+v; want template.yaml line 10", first)
	}
	if second.Region != nil || second.ArtifactLocation.URI != "file:///abs/api.yaml" {
		t.Errorf("second location %+v; want a file URI and no region (line unknown)", second)
	}
}

// TestJSONFieldNames pins the JSON field names scripts rely on.
func TestJSONFieldNames(t *testing.T) {
	t.Parallel()
	var doc struct {
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, sampleFindings()[:1]), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 {
		t.Fatalf("findings %v; want one", doc.Findings)
	}
	for _, k := range []string{"rule", "severity", "location", "api", "authorizer", "route", "message", "fix"} {
		if _, ok := doc.Findings[0][k]; !ok {
			t.Errorf("finding lacks %q: %v", k, doc.Findings[0])
		}
	}
	var loc Location
	if err := json.Unmarshal(doc.Findings[0]["location"], &loc); err != nil || loc.File != testFile || loc.Line != 10 {
		t.Errorf("location %+v; want file and line", loc)
	}
	if got := string(render(t, FormatJSON, nil)); strings.Join(strings.Fields(got), "") != `{"findings":[]}` {
		t.Errorf("no findings render %q; want an empty list", got)
	}
}

// TestText: one line per finding, starting with file:line.
func TestText(t *testing.T) {
	t.Parallel()
	lines := strings.Split(strings.TrimSuffix(string(render(t, FormatText, sampleFindings())), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "template.yaml:10: warning: "+RuleCachedGreedy+": ") ||
		!strings.HasPrefix(lines[1], "/abs/api.yaml: warning: ") {
		t.Fatalf("lines %q", lines)
	}
	if err := Write(&bytes.Buffer{}, "xml", nil); err == nil {
		t.Fatal("Write accepted format xml")
	}
}

package lint

import (
	"net/url"
	"path/filepath"
)

// The SARIF 2.1.0 subset apigw writes: one run, the tool with its rules,
// one result per finding with one physical location.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	toolName     = "apigw lint"
)

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name  string      `json:"name"`
	Rules []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level Severity `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     Severity        `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func sarifOf(fs []Finding) sarifLog {
	rules := make([]sarifRule, len(Rules))
	for i, r := range Rules {
		rules[i] = sarifRule{ID: r.ID, ShortDescription: sarifMessage{r.Summary}, DefaultConfiguration: sarifConfig{r.Severity}}
	}
	results := make([]sarifResult, len(fs))
	for i, f := range fs {
		results[i] = sarifResult{RuleID: f.Rule, Level: f.Severity, Message: sarifMessage{sarifText(f)},
			Locations: []sarifLocation{{PhysicalLocation: physicalOf(f.Location)}}}
	}
	return sarifLog{Version: sarifVersion, Schema: sarifSchema,
		Runs: []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: toolName, Rules: rules}}, Results: results}}}
}

func sarifText(f Finding) string {
	if f.Fix == "" {
		return f.Message
	}
	return f.Message + ". Fix: " + f.Fix
}

// physicalOf is a finding's location; SARIF lines start at 1, so an
// unknown line leaves the region out.
func physicalOf(l Location) sarifPhysical {
	p := sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(l.File)}}
	if l.Line > 0 {
		p.Region = &sarifRegion{StartLine: l.Line}
	}
	return p
}

// fileURI is a file path as a URI reference: a relative path stays
// relative (to the folder lint ran in), an absolute one is a file: URI.
func fileURI(p string) string {
	u := url.URL{Path: filepath.ToSlash(p)}
	if filepath.IsAbs(p) {
		u.Scheme = "file"
	}
	return u.String()
}

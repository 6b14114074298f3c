package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Formats Write accepts.
const (
	FormatText  = "text"
	FormatJSON  = "json"
	FormatSARIF = "sarif"
)

// Formats lists the formats Write accepts.
var Formats = []string{FormatText, FormatJSON, FormatSARIF}

// Write renders findings in format (one of Formats) on w.
func Write(w io.Writer, format string, fs []Finding) error {
	switch format {
	case FormatText:
		return writeText(w, fs)
	case FormatJSON:
		return writeJSON(w, report{Findings: nonNil(fs)})
	case FormatSARIF:
		return writeJSON(w, sarifOf(fs))
	}
	return fmt.Errorf("unknown format %q (want text, json or sarif)", format)
}

// report is the JSON document: {"findings": [...]}.
type report struct {
	Findings []Finding `json:"findings"`
}

func nonNil(fs []Finding) []Finding {
	if fs == nil {
		return []Finding{}
	}
	return fs
}

// writeText writes one line per finding:
// "file:line: warning: rule: [route] message (fix: ...)".
func writeText(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		line := f.Location.File
		if f.Location.Line > 0 {
			line += ":" + strconv.Itoa(f.Location.Line)
		}
		line += ": " + string(f.Severity) + ": " + f.Rule + ": " + f.Message
		if f.Fix != "" {
			line += " (fix: " + f.Fix + ")"
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

package api

import "fmt"

// Location names where something was declared: the file, the logical id of
// the resource and the field (a dotted path such as
// "Properties.Auth.Authorizers.TokenAuth.FunctionArn").
type Location struct {
	File      string
	LogicalID string
	Field     string
	Line      int // 0 when unknown
}

// String renders "file:line: LogicalId: Field" with the parts that are set.
func (l Location) String() string {
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	if l.LogicalID != "" {
		s += ": " + l.LogicalID
	}
	if l.Field != "" {
		s += ": " + l.Field
	}
	return s
}

// Package mapping parses and applies an HTTP API integration's parameter
// mapping (RequestParameters): keys such as "overwrite:header.X",
// "append:querystring.q", "remove:header.X" and "overwrite:path", values
// such as "$request.header.X", "${request.path.id}", "$context.requestId",
// "$stageVariables.v", static text, or text with several ${...}
// expressions. Parse runs at load; a Mapping holds only its parsed parts
// (it owns no request memory) and Value evaluates it per request.
package mapping

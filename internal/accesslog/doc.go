// Package accesslog writes API Gateway access logs: one line per request,
// rendered from its record.Record with a stage's access log format
// (AccessLogSetting.Format, or --access-log-format), whose $context
// variables are replaced as API Gateway replaces them. CLF, JSON, CSV and
// XML formats work as users write them: the text between variables is
// copied as is.
//
// A format is compiled once, at load (Compile); what it cannot be is an
// error then, never per request. A variable apigw does not know, or whose
// value the request lacks, renders "-", as AWS renders missing values.
// Values are not escaped (AWS does not escape them either), except
// control characters, which would split a line: they render as \u00XX.
package accesslog

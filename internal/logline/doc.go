// Package logline holds Writer, the writer a serving apigw's log lines go
// through. A busy gateway writes several lines per request (the request
// line, a function's START, END and REPORT, its output); written one
// write(2) each they cost more than some of the request's own work.
// Writer keeps them in order and hands whatever has accumulated to the
// underlying writer in one call, from a goroutine of its own, so a
// request's goroutine never waits for the log's file or pipe.
package logline

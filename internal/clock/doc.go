// Package clock is apigw's sense of time for what a test may want to
// steer: authorizer-cache expiry, JWT exp/nbf and aws:CurrentTime (not
// function timeouts). Everything that reads it takes a func() time.Time;
// the real clock is time.Now, and Manual is a test clock that moves only
// when told (--clock manual, then the admin API's POST /api/clock).
package clock

// Package event holds wire types that cross package boundaries and that
// github.com/aws/aws-lambda-go/events lacks: the function error that the Lambda
// Runtime API reports and that authorizers and integrations interpret, and the
// sentinel for output that is not JSON.
//
// Invariants: the JSON field names are the Runtime API's; types here carry no
// behaviour beyond encoding and matching.
package event

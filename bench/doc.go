// Command bench is apigw's load harness. In one run on loopback it measures
// apigw with a cached TOKEN authorizer in front of an HTTP-proxy backend
// against a tuned httputil.ReverseProxy (idle connections sized to the
// load) in front of the same backend, a Lambda-proxy route with a warm Go
// function, and apigw's idle RSS on the built-in demo. It drives load with
// wrk and prints a Markdown table.
//
//	go run ./bench [-duration 10s] [-connections 64]
package main

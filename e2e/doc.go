// Package e2e runs the built apigw binary as a user would: `apigw
// start-api TEMPLATE` on 127.0.0.1:0 with real Node.js and Python function
// processes, driven over real HTTP. The templates live in testdata/ and in
// examples/.
package e2e

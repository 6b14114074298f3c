// Package demo is the built-in demo API that `apigw start-api` serves when no
// template is found (DESIGN section 5): the seed's scenario with its
// functions compiled into apigw and invoked in process.
//
// Two /{proxy+} ANY resources share one echo backend. /exact/ sits behind a
// TOKEN authorizer that returns the request's own method ARN (the pitfall:
// after one allowed request, other paths get the cached policy's 403);
// /fixed/ sits behind one that returns the API-wide wildcard (the fix).
// Both are cached for 300 s, as API Gateway's default.
//
// Invariants: the functions speak the same JSON as process functions and
// implement the same one-method Invoke, so the gateway cannot tell them apart.
package demo

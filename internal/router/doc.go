// Package router is the resource tree of one REST API: it maps a request's
// method and raw path to the route (method on a resource) that serves it,
// with the path parameters as sent (percent-encoded).
//
// Matching rules (spec section 1; the notes below say where evidence is
// observed rather than documented):
//
//   - Resolution is on the (resource, method) pair. The tree is searched depth
//     first, at each level a literal child before the {param} child before the
//     {greedy+} child (PIPE-3); the first resource on that order that has the
//     request's verb, or ANY, wins. When the more specific branch dead-ends,
//     because the path runs out of matching resources or because the resource
//     lacks the verb, the search backtracks to the less specific sibling.
//     That is what API Gateway was measured to do (OBS: floci-io/floci#3399:
//     GET /users/me with a PATCH-only /users/me literal is served by
//     /users/{userId}; POST /things/real with a GET-only /things/real by
//     /things/{proxy+}; ministackorg/ministack#1423: a method-less /jobs and
//     POST /jobs/reboot on a GET-only resource fall to /{proxy+}), and what
//     LocalStack's resource_router gets from werkzeug. So "/parent wins for
//     /parent/..." (PIPE-3) holds whenever the /parent subtree can serve the
//     request.
//   - On one resource an explicit verb beats ANY. ANY stands for exactly
//     api.AnyMethods (PIPE-4); any other verb matches only nothing.
//   - A greedy {name+} matches one or more remaining segments, never the end
//     of the path: /{proxy+} does not match / (PIPE-4). Its value is the rest
//     of the path, as sent, without the leading slash.
//   - Runs of slashes at either end are ignored: /pets/, /pets// and
//     //pets route like /pets (PIPE-4, recorded), and they are not part of
//     any parameter value ({proxy} of /a/b/ is "a/b", L-9). The gateway
//     keeps the trailing ones in the event's path and the method ARN (L-9,
//     P-1) and collapses the leading ones (RequestPath).
//   - An empty segment inside the path (/a//b) matches no literal and no
//     {param}; only a greedy resource takes it, keeping the "//" in its
//     value as API Gateway does (L-9: {proxy} "proxy-value//double-slash").
//     How AWS routes /a//b against a literal /a/b is UNCONFIRMED (PIPE-4
//     recommends ignoring the empty segment). apigw does not ignore it:
//     the method ARN keeps the "//" (P-1), so serving /a//b from /a/b
//     would let it step around a Deny of .../GET/a/b (fail closed: the
//     request gets 403 Missing Authentication Token, or a greedy resource).
//   - A "." or ".." segment, as sent or percent-encoded, is ErrDotSegment
//     before any matching (BAD-3, CheckPath); AWS's behaviour is
//     UNCONFIRMED and refusing is the fail-closed choice.
//   - The input is the raw, still percent-encoded path. It is split on raw
//     '/' first, so %2F stays inside one parameter value; literals compare
//     against the decoded segment. Parameter values are passed on as sent,
//     as REST APIs do (OBS: serverless/serverless#5037, %40 stays %40 in
//     pathParameters; the LocalStack snapshot of an encoded e-mail path).
//     '+' is not a space in a path. A path that does not start with '/' or has
//     a malformed escape ("%zz", a trailing "%") gives ErrBadPath, distinct
//     from ErrNoRoute (MISSING_AUTHENTICATION_TOKEN, PIPE-2); what AWS answers
//     for bad escapes is UNCONFIRMED (a 400 is the recommended mapping).
//
// Route sets are validated as API Gateway validates resources: a greedy part
// must be last (so it has no children), a resource has at most one variable
// child (AWS: "a sibling already has a variable path part -- only one is
// allowed", so {param} and {proxy+} are never siblings), a parameter name
// appears once per path, a path and method appear once, and parts such as
// "{}" or "a{b}" are malformed. New reports every problem, each with the
// route's api.Location.
//
// Invariants: a Router is immutable after New and safe for concurrent use;
// Match does no allocation unless a matched parameter needs percent-decoding,
// and appends parameters to the caller's slice.
package router

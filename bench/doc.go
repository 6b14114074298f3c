// Command bench is apigw's load harness. In one run on loopback it starts
// apigw and its peers side by side, each a process of its own:
//
//   - apigw with a cached TOKEN authorizer (Node) in front of an http_proxy
//     backend, against nginx with auth_request and a cached auth answer and
//     against a tuned Go httputil.ReverseProxy, on the same Go backend;
//   - apigw with the same cached authorizer in front of a warm Node
//     function, against serverless-offline 13 in its default and
//     --useInProcess modes running the same Node handlers;
//   - apigw's Lambda proxy to a warm Go function, and its idle RSS;
//   - two floors on the same backend: proxies with apigw's front-end
//     library (fasthttp) and, in turn, apigw's upstream client and
//     fasthttp's, doing none of the gateway's work. apigw's distance to a
//     floor is what its gateway costs; a floor's distance to nginx is the
//     transport's.
//
// Servers are pinned to CPU 0 and wrk to CPU 1 (taskset) on a machine with
// two or more CPUs. Every server is loaded in turn, -rounds times
// (alternating, so drift in the machine's load spreads over all of them);
// the report gives medians and the ratios apigw/peer, which say more than
// absolute numbers on a noisy machine. CPU time per request, read from
// /proc around each measurement, holds steadier still. A peer whose tool
// is missing (nginx, node, serverless-offline under -sls) is skipped with
// a line saying so.
// When pinning, the report ends with what waking a sleeping process costs
// here (a pipe write to a reader on the servers' core, and on wrk's):
// where an idle virtual CPU halts, waking the other core costs the writer
// several times a same-core wake, and every response that finds wrk's core
// idle pays it, so the figures say how far this machine's ratios carry.
// -profile DIR keeps apigw's CPU and allocation profiles of round 1;
// -baseline BIN measures a second apigw binary (an earlier commit's) in the
// same rounds, for before/after ratios on a machine too noisy for two runs.
//
//	go run ./bench [-only REGEXP] [-duration 8s] [-connections 32] [-rounds 3] [-sls DIR] [-profile DIR] [-baseline BIN]
package main

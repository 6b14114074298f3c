package sam

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Auth.ResourcePolicy properties (SAM's ResourcePolicyStatement).
const (
	rpCustomStatements = "CustomStatements"
	rpAccountAllow     = "AwsAccountWhitelist"
	rpAccountDeny      = "AwsAccountBlacklist"
	rpIPAllow          = "IpRangeWhitelist"
	rpIPDeny           = "IpRangeBlacklist"
	rpVpcAllow         = "SourceVpcWhitelist"
	rpVpcDeny          = "SourceVpcBlacklist"
	rpVpcIntrAllow     = "IntrinsicVpcWhitelist"
	rpVpcIntrDeny      = "IntrinsicVpcBlacklist"
	rpVpceIntrAllow    = "IntrinsicVpceWhitelist"
	rpVpceIntrDeny     = "IntrinsicVpceBlacklist"
)

var readResourcePolicyProps = []string{rpCustomStatements, rpAccountAllow, rpAccountDeny, rpIPAllow, rpIPDeny,
	rpVpcAllow, rpVpcDeny, rpVpcIntrAllow, rpVpcIntrDeny, rpVpceIntrAllow, rpVpceIntrDeny}

// pathPolicy is an Auth.ResourcePolicy that SAM applies to some paths of
// an API: all of them for the API's Auth, one for a function event's.
type pathPolicy struct {
	f    fields
	path string // "" for every path of the API
}

// pathPolicies are the API's Auth.ResourcePolicy entries in the order SAM
// applies them: function events' (events are translated first), then the
// API's own.
func (b *apiBuild) pathPolicies() []pathPolicy {
	return slices.Concat(b.eventPolicies, b.apiPolicy)
}

// readPolicyProperty reads a Policy property (AWS::ApiGateway::RestApi,
// AWS::Serverless::Api): a policy document, or its JSON text.
func (l *loader) readPolicyProperty(f fields, b *apiBuild) {
	v := f.value(propPolicy)
	if v == nil {
		return
	}
	doc, err := nodeJSON(v)
	if err != nil {
		f.fail(propPolicy, "want a policy document: %v", err)
		return
	}
	b.policyProp = &api.ResourcePolicy{Document: doc, Source: f.at(propPolicy)}
}

// nodeJSON converts a resolved YAML value to JSON; a string is taken as
// JSON text.
func nodeJSON(n *yaml.Node) ([]byte, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	if s, ok := v.(string); ok {
		return []byte(s), json.Unmarshal([]byte(s), &v)
	}
	return json.Marshal(v)
}

// resourcePolicy gives the API its one resource policy, as SAM's transform
// and CloudFormation would: the definition's x-amazon-apigateway-policy
// with SAM's Auth.ResourcePolicy statements added (event ones, then the
// API's for every path, then CustomStatements, leaving out duplicates),
// or the Policy property. Both a Policy property and a definition policy
// is an error: which one API Gateway keeps is not known.
func (l *loader) resourcePolicy(b *apiBuild) {
	if len(b.pathPolicies()) > 0 {
		l.samResourcePolicy(b)
	}
	if b.policyProp == nil {
		return
	}
	if b.a.ResourcePolicy != nil {
		l.failAt(b.policyProp.Source, "the API also has a resource policy at %s; API Gateway keeps one of the two, and which one is not known: give it in one place", b.a.ResourcePolicy.Source)
		return
	}
	b.a.ResourcePolicy = b.policyProp
}

// samResourcePolicy adds the statements SAM generates from each
// Auth.ResourcePolicy to the definition's policy.
func (l *loader) samResourcePolicy(b *apiBuild) {
	doc := &policyDoc{seen: map[string]bool{}}
	if rp := b.a.ResourcePolicy; rp != nil {
		if err := doc.load(rp.Document); err != nil {
			l.failAt(rp.Source, "cannot add Auth.ResourcePolicy statements to this policy: %v", err)
			return
		}
	}
	paths := routeMethods(b.a.Routes)
	pps := b.pathPolicies()
	for _, pp := range pps {
		l.addPathPolicy(doc, pp, paths, b.a.Stage)
	}
	last := pps[len(pps)-1].f.loc
	data, err := json.Marshal(doc.body())
	if err != nil {
		l.failAt(last, "cannot encode the resource policy: %v", err)
		return
	}
	b.a.ResourcePolicy = &api.ResourcePolicy{Document: data, Source: last}
}

// addPathPolicy adds one Auth.ResourcePolicy: for each path it covers, an
// Allow and a conditioned Deny per list it sets (SAM's
// add_resource_policy), then its CustomStatements.
func (l *loader) addPathPolicy(doc *policyDoc, pp pathPolicy, paths map[string][]string, stage string) {
	f := pp.f
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		if pp.path != "" && p != pp.path {
			continue
		}
		resources := pathResources(p, paths[p], stage)
		for _, g := range samGenerators {
			if values := g.values(f); len(values) > 0 {
				doc.add(g.statements(values, resources)...)
			}
		}
	}
	if v := f.value(rpCustomStatements); v != nil {
		var custom any
		if err := v.Decode(&custom); err != nil {
			f.fail(rpCustomStatements, "%v", err)
		}
		list, ok := custom.([]any)
		if !ok {
			list = []any{custom}
		}
		doc.add(list...)
	}
	f.unused(readResourcePolicyProps)
}

// routeMethods maps each resource path to its methods, as SAM reads the
// definition's path items.
func routeMethods(routes []*api.Route) map[string][]string {
	m := map[string][]string{}
	for _, r := range routes {
		m[r.Path] = append(m[r.Path], r.Method)
	}
	return m
}

// pathParam is a path parameter, greedy or not, in a resource path.
var pathParam = regexp.MustCompile(`\{[^/{}]+\}`)

// pathResources is SAM's resource list for a path: one
// "execute-api:/{stage}/{METHOD}{path}" per method, ANY as "*" and every
// path parameter as "*".
func pathResources(path string, methods []string, stage string) []any {
	path = pathParam.ReplaceAllString(path, "*")
	out := make([]any, 0, len(methods))
	for _, m := range methods {
		if m == api.MethodAny {
			m = "*"
		}
		out = append(out, "execute-api:/"+stage+"/"+m+path)
	}
	return out
}

// samGenerator is one of SAM's allow/deny lists and the statements it
// becomes, in the order SAM's add_resource_policy adds them.
type samGenerator struct {
	keys []string // the lists; a VPC generator's values are split by kind
	// effect is the one statement of an account list, naming its accounts
	// as principals; "" for the other lists, which become an Allow for
	// everyone and a Deny for everyone under a Condition op.
	effect  string
	op      string
	condKey string // "aws:SourceIp"; "" for VPC lists
}

var samGenerators = []samGenerator{
	{keys: []string{rpAccountAllow}, effect: "Allow"},
	{keys: []string{rpAccountDeny}, effect: "Deny"},
	{keys: []string{rpIPAllow}, op: "NotIpAddress", condKey: "aws:SourceIp"},
	{keys: []string{rpIPDeny}, op: "IpAddress", condKey: "aws:SourceIp"},
	{keys: []string{rpVpcDeny, rpVpcIntrDeny, rpVpceIntrDeny}, op: "StringEquals"},
	{keys: []string{rpVpcAllow, rpVpcIntrAllow, rpVpceIntrAllow}, op: "StringNotEquals"},
}

// values reads the generator's lists (a string is a list of one).
func (g samGenerator) values(f fields) map[string][]string {
	out := map[string][]string{}
	for _, k := range g.keys {
		if vs := stringOrList(f, k); len(vs) > 0 {
			out[k] = vs
		}
	}
	return out
}

func stringOrList(f fields, key string) []string {
	if v := f.value(key); v != nil && v.Kind == yaml.ScalarNode {
		return []string{v.Value}
	}
	return f.strings(key)
}

// statements builds SAM's statements for one path's resources.
func (g samGenerator) statements(values map[string][]string, resources []any) []any {
	if g.effect != "" {
		return []any{statement(g.effect, map[string]any{"AWS": anyList(values[g.keys[0]])}, resources, nil)}
	}
	cond := map[string]any{g.condKey: anyList(values[g.keys[0]])}
	if g.condKey == "" {
		cond = vpcCondition(values[g.keys[0]], values[g.keys[1]], values[g.keys[2]])
	}
	if len(cond) == 0 {
		return nil // SAM adds nothing for lists with no VPC or endpoint id
	}
	return []any{
		statement("Allow", "*", resources, nil),
		statement("Deny", "*", resources, map[string]any{g.op: cond}),
	}
}

// vpcCondition sorts SAM's VPC lists into aws:SourceVpc and aws:SourceVpce
// values: the plain list by its "vpc-" or "vpce-" prefix, the intrinsic
// lists as they are.
func vpcCondition(plain, vpcs, endpoints []string) map[string]any {
	for _, v := range plain {
		switch {
		case strings.HasPrefix(v, "vpce-"):
			endpoints = append(endpoints, v)
		case strings.HasPrefix(v, "vpc-"):
			vpcs = append(vpcs, v)
		}
	}
	out := map[string]any{}
	if len(vpcs) > 0 {
		out["aws:SourceVpc"] = anyList(vpcs)
	}
	if len(endpoints) > 0 {
		out["aws:SourceVpce"] = anyList(endpoints)
	}
	return out
}

func statement(effect string, principal any, resources []any, cond map[string]any) map[string]any {
	s := map[string]any{"Effect": effect, "Action": "execute-api:Invoke", "Resource": resources, "Principal": principal}
	if cond != nil {
		s["Condition"] = cond
	}
	return s
}

func anyList(vs []string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// policyDoc is a policy document being built: its other keys, its
// statements in order, and the JSON of each for leaving out duplicates.
type policyDoc struct {
	rest  map[string]any
	stmts []any
	seen  map[string]bool
}

func (d *policyDoc) load(doc []byte) error {
	if err := json.Unmarshal(doc, &d.rest); err != nil {
		return err
	}
	stmts := d.rest["Statement"]
	delete(d.rest, "Statement")
	list, ok := stmts.([]any)
	if !ok && stmts != nil {
		list = []any{stmts}
	}
	d.add(list...)
	return nil
}

func (d *policyDoc) add(stmts ...any) {
	for _, s := range stmts {
		key, _ := json.Marshal(s)
		if !d.seen[string(key)] {
			d.seen[string(key)] = true
			d.stmts = append(d.stmts, s)
		}
	}
}

func (d *policyDoc) body() map[string]any {
	out := map[string]any{"Version": "2012-10-17"}
	maps.Copy(out, d.rest)
	out["Statement"] = d.stmts
	return out
}

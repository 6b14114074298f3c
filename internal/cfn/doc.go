// Package cfn reads CloudFormation templates (YAML or JSON) into
// go.yaml.in/yaml/v3 node trees and resolves their intrinsic functions
// (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If with
// Conditions, Fn::FindInMap, Fn::Base64, ...) the way CloudFormation would
// for a local stack.
//
// Invariants: Parse turns every short tag (!Ref, !GetAtt A.B, ...) into its
// long form, so later code sees one shape; it rejects duplicate keys, YAML
// aliases and unknown tags. Resolution never mutates the parsed tree and is
// lazy: callers resolve one field at a time, so an intrinsic that cannot be
// resolved locally (Fn::ImportValue, an SSM parameter) is an error only when
// a field that uses it is read. Every error is an *api.Error naming the
// file, the logical id and the field: KindInvalid for what CloudFormation
// would refuse too, KindUnsupported for what it resolves and apigw cannot
// (Fn::ImportValue, SSM parameters, parameters without a value, attributes
// of resources apigw does not run). A Resolver is not safe for concurrent
// use. The package imports only internal/api and internal/arn.
package cfn

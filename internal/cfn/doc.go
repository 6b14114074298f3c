// Package cfn reads CloudFormation templates (YAML or JSON) into
// go.yaml.in/yaml/v3 node trees and resolves their intrinsic functions
// (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If with
// Conditions, Fn::FindInMap, Fn::Base64, and with AWS::LanguageExtensions
// Fn::ForEach, Fn::Length, Fn::ToJsonString) the way CloudFormation would
// for a local stack.
//
// Invariants: Parse turns every short tag (!Ref, !GetAtt A.B, ...) into its
// long form, so later code sees one shape; it rejects YAML aliases and
// unknown tags, and of a key given twice keeps the last value, as
// CloudFormation does (ParseWarn and Template.Warnings say so).
// Resolution never mutates the parsed tree and is lazy: callers resolve
// one field at a time. A value only a deployment knows (a parameter
// without a value, an SSM parameter, Fn::ImportValue, an attribute of a
// deployed resource) resolves to a stand-in, recorded as a Placeholder
// with where it was used, so the caller can warn and refuse to route or
// authorize by it; Options.Attribute lets the caller give attributes it
// knows instead (a nested stack's Outputs), and Options.UnknownParameters
// marks parameters a parent stack passes values of that only a deployment
// knows. What a transform adds (SAM's generated resources and
// referenceable properties) is declared with Generate and Refer. Every
// error is an *api.Error naming the file, the logical id and the field:
// KindInvalid for what CloudFormation would refuse too, KindUnsupported
// for what it resolves and apigw cannot (Fn::Cidr, a transform other than
// AWS::Include). A Resolver is not safe for concurrent use; the caller owns
// the slice Placeholders returns only to read it. The package imports only
// internal/api and internal/arn.
package cfn

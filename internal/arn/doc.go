// Package arn builds and parses the ARNs apigw reads and writes.
//
// Execute-api method ARNs, the string a Lambda authorizer receives as
// methodArn and against which its policy is evaluated (spec P-1, V-9):
//
//	arn:aws:execute-api:{region}:{account}:{apiID}/{stage}/{METHOD}/{path}
//
// Invariants: the path part is the actual, decoded request path without its
// leading "/" (the root gives a trailing "/"); the verb is the actual request
// verb in upper case; an ARN longer than MaxMethodARNBytes is never built
// (ErrTooLong, which the gateway answers with 414); an ARN this package
// builds always parses back to the same parts. A StageBase builds the same
// ARNs as Build for one stage, its common parts checked once.
//
// Lambda function ARNs and the integration URIs that hold them
// (ParseInvocation: an integration uri, an authorizerUri, SAM's
// FunctionArn) are parsed here and nowhere else. The package imports
// nothing of apigw's.
package arn

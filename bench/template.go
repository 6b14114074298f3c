package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeTemplate writes the measured API: a cached TOKEN authorizer (Node)
// in front of an http_proxy to backend and of a Lambda-proxy route to a
// Node function (the handlers serverless-offline runs too), and a
// Lambda-proxy route to a Go function.
func writeTemplate(work, backend string) (string, error) {
	if err := goBuild(filepath.Join(work, "gofn", "bootstrap"), "./bench/gofn"); err != nil {
		return "", err
	}
	if err := writeHandler(filepath.Join(work, "node")); err != nil {
		return "", err
	}
	path := filepath.Join(work, "template.yaml")
	return path, os.WriteFile(path, []byte(fmt.Sprintf(templateYAML, backend)), 0o644)
}

// handlerJS: auth is a TOKEN authorizer that allows every method of the
// API to the token "allow" and refuses any other; api answers with a small
// JSON body naming the request and its principal.
const handlerJS = `'use strict';
exports.auth = async (event) => {
  if (event.authorizationToken !== 'allow') throw new Error('Unauthorized');
  const api = event.methodArn.split('/')[0];
  return { principalId: 'user', policyDocument: { Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: api + '/*/*' }] } };
};
exports.api = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ok: true, method: event.httpMethod, path: event.path,
    principalId: (event.requestContext.authorizer || {}).principalId || null }),
});
`

const templateYAML = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  BenchApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: bench
      DefinitionBody:
        openapi: '3.0.1'
        info: {title: bench, version: '1'}
        paths:
          /proxy/{proxy+}:
            x-amazon-apigateway-any-method:
              security: [{TokenAuth: []}]
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: ANY
                uri: http://%s/{proxy}
          /node/{proxy+}:
            x-amazon-apigateway-any-method:
              security: [{TokenAuth: []}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${NodeFn.Arn}/invocations
          /fn/{proxy+}:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GoFn.Arn}/invocations
        components:
          securitySchemes:
            TokenAuth:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthFn.Arn}/invocations
                authorizerResultTtlInSeconds: 300
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs20.x, Handler: handler.auth, CodeUri: node/}
  NodeFn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs20.x, Handler: handler.api, CodeUri: node/}
  GoFn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: provided.al2023, Handler: bootstrap, CodeUri: gofn/}
`

package api

// Cors is an HTTP API's CORS configuration (SAM and
// AWS::ApiGatewayV2::Api CorsConfiguration, OpenAPI
// x-amazon-apigateway-cors). The gateway answers preflights with it and
// adds its headers to every response of a CORS request (DG http-api-cors).
type Cors struct {
	AllowOrigins     []string // "*", "https://*", "http://*" or exact origins
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	// MaxAge is Access-Control-Max-Age in seconds; negative when unset.
	MaxAge int
	Source Location
}

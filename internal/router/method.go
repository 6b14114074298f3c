package router

import "github.com/apigw/apigw/internal/api"

// Slots of node.routes: one per verb in api.AnyMethods, then ANY.
const (
	slotAny  = 7
	numSlots = 8
)

// verbSlot returns the slot of a request verb, or -1 for a verb that no
// route can serve (ANY covers only api.AnyMethods, PIPE-4).
func verbSlot(method string) int {
	switch method {
	case "DELETE":
		return 0
	case "GET":
		return 1
	case "HEAD":
		return 2
	case "OPTIONS":
		return 3
	case "PATCH":
		return 4
	case "POST":
		return 5
	case "PUT":
		return 6
	}
	return -1
}

// routeSlot returns the slot of a configured method (a verb or ANY), or -1.
func routeSlot(method string) int {
	if method == api.MethodAny {
		return slotAny
	}
	return verbSlot(method)
}

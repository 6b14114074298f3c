package api

import (
	"errors"
	"fmt"
	"reflect"
)

// Kind says why a definition cannot be served as written. It is an error
// value itself, so errors.Is(err, KindUnsupported) finds a located error
// of that kind anywhere in a joined error.
type Kind uint8

// Kinds of located errors. The zero value is KindInvalid: an error whose
// kind was not set refuses the whole template, the safe side.
const (
	// KindInvalid: CloudFormation or API Gateway would refuse it too.
	KindInvalid Kind = iota
	// KindUnsupported: CloudFormation would deploy it and API Gateway
	// serve it; apigw cannot serve it yet. Routes that need it can fail
	// closed on their own while the rest is served.
	KindUnsupported
	// KindIO: a file the definition names could not be read.
	KindIO
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid definition"
	case KindUnsupported:
		return "not supported by apigw yet"
	case KindIO:
		return "cannot read file"
	}
	return fmt.Sprintf("api.Kind(%d)", uint8(k))
}

func (k Kind) Error() string { return k.String() }

// Error is a problem with a definition at a location: the one error type
// every loader (cfn, openapi, sam) and Validate return, joined with
// errors.Join when there are several.
type Error struct {
	Location
	Kind Kind
	Msg  string
	// Err is the cause, or a finer sentinel of the package that made the
	// error (cfn.ErrSyntax, openapi.ErrNeedsTemplate); nil when none. It is
	// not part of the text.
	Err error
}

func (e *Error) Error() string { return e.Location.String() + ": " + e.Msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the error's Kind.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind
}

// NewError returns an *Error of kind at loc.
func NewError(kind Kind, loc Location, format string, args ...any) *Error {
	return &Error{Location: loc, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Errorf returns an *Error of KindInvalid at loc.
func Errorf(loc Location, format string, args ...any) *Error {
	return NewError(KindInvalid, loc, format, args...)
}

// Wrap returns e with Err set to cause, for chaining after NewError.
func (e *Error) Wrap(cause error) *Error {
	e.Err = cause
	return e
}

// Errors lists the located errors in err, in order, looking inside
// errors.Join (nested too). Other errors are left out.
func Errors(err error) []*Error {
	var out []*Error
	Leaves(err, func(e error) {
		if ae, ok := e.(*Error); ok {
			out = append(out, ae)
		}
	})
	return out
}

// joinType is the type errors.Join returns.
var joinType = reflect.TypeOf(errors.Join(errors.New("")))

// Leaves calls f for each error in err that errors.Join put together (nested
// joins flattened), in order; for any other err, f(err) once. An error that
// wraps several with text of its own (fmt.Errorf with two %w) is one leaf,
// so no text is lost.
func Leaves(err error, f func(error)) {
	if err == nil {
		return
	}
	if reflect.TypeOf(err) == joinType {
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			Leaves(e, f)
		}
		return
	}
	f(err)
}

// Package main does not compile, on purpose: its routes answer 502 and
// the others serve.
package main

func main() { notDefined() }

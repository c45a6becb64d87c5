// Package argmap holds Argmap's domain: the types of the argument graph,
// their validation, the service interfaces that adapters implement, and the
// one error type every layer speaks.
//
// The package imports nothing of ours, so every other package can depend on it.
package argmap

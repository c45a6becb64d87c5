package argmap

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
)

// Role is what a caller may do.
type Role int

// Roles, each including the ones before it.
const (
	RoleNone  Role = iota // no valid token
	RoleRead              // may read
	RoleWrite             // may read and write
)

// Tokens maps bearer tokens to roles. Tokens are kept as SHA-256 digests
// and compared in constant time, so neither memory dumps nor timing reveal
// them.
type Tokens struct {
	digests [][sha256.Size]byte
	roles   []Role
}

// Add registers a token with a role.
func (t *Tokens) Add(token string, role Role) {
	t.digests = append(t.digests, sha256.Sum256([]byte(token)))
	t.roles = append(t.roles, role)
}

// Len is the number of registered tokens.
func (t *Tokens) Len() int { return len(t.digests) }

// Role returns the role of token, RoleNone when it is unknown. Every
// registered token is compared, whatever matches, so the time taken does not
// depend on which token (if any) matched.
func (t *Tokens) Role(token string) Role {
	d := sha256.Sum256([]byte(token))
	role := RoleNone
	for i, x := range t.digests {
		if subtle.ConstantTimeCompare(d[:], x[:]) == 1 && t.roles[i] > role {
			role = t.roles[i]
		}
	}
	return role
}

type callerKey struct{}

// Caller is who sent a request: whether a token came with it and what it
// allows.
type Caller struct {
	TokenGiven bool
	Role       Role
}

// NewContextWithCaller returns a copy of ctx that carries the caller.
func NewContextWithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller carried by ctx (the zero Caller if none).
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}

// Require returns nil when the caller has at least role, otherwise
// UNAUTHENTICATED (no or an unknown token) or FORBIDDEN (a valid token
// without the right).
func (c Caller) Require(role Role, action string) error {
	switch {
	case c.Role >= role:
		return nil
	case c.Role == RoleNone:
		if c.TokenGiven {
			return Errorf(EUNAUTHENTICATED, "The token is not valid: %s needs a valid bearer token in the Authorization header.", action)
		}
		return Errorf(EUNAUTHENTICATED, "%s needs a bearer token in the Authorization header.", action)
	default:
		return Errorf(EFORBIDDEN, "This token may read but not write: %s needs a token with write access.", action)
	}
}

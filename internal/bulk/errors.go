package bulk

import (
	"errors"
	"fmt"

	"github.com/argmap/argmap/internal/argmap"
	"github.com/argmap/argmap/internal/neo4j"
)

// Refused is the error Check returns when a corpus cannot be loaded: it
// lists every problem, and nothing is written. It is a BAD_USER_INPUT
// *argmap.Error.
type Refused struct {
	// Files are the files that cannot be read or are not valid maps, in
	// path order.
	Files []FileError
	// Conflicts are the problems of the valid maps against each other and
	// the database (neo4j.DB.PlanBulk), in load order.
	Conflicts []neo4j.BulkProblem
}

// FileError is a map file that cannot be read or is not a valid map. Err
// is mapfile's or validation's error, BAD_USER_INPUT (a
// *argmap.ValidationError lists every problem of the map).
type FileError struct {
	Path string
	Err  error
}

// Len returns the number of problems.
func (e *Refused) Len() int { return len(e.Files) + len(e.Conflicts) }

// Error implements the error interface.
func (e *Refused) Error() string {
	return fmt.Sprintf("%d problem(s) in the corpus; nothing written", e.Len())
}

// Unwrap makes a Refused an *argmap.Error with code BAD_USER_INPUT.
func (e *Refused) Unwrap() error {
	return &argmap.Error{Code: argmap.EINVALID, Message: e.Error()}
}

// Cause says why a load stopped.
type Cause int

const (
	// Interrupted: the context ended. Check stops before writing anything;
	// Write stops between batches, after the batch in flight is written.
	Interrupted Cause = iota + 1
	// Unreadable: a file of the next batch cannot be read again, is no
	// longer valid, or changed since Check (BAD_USER_INPUT). The batch is
	// not written.
	Unreadable
	// NotWritten: the transaction of a batch failed (CONFLICT when a
	// document, claim, link or relation of it was stored meanwhile,
	// UNAVAILABLE); none of the batch is written.
	NotWritten
	// NotMerged: every document is written, but merging the actors'
	// aliases failed (UNAVAILABLE).
	NotMerged
)

// Stopped is the error of a load that stopped before its end. Every
// document written is whole, and running the same load again resumes it.
// Its chain holds Err, so argmap.ErrorCode gives Err's code; an
// interruption's Err is the context's error (context.Canceled, …), which
// has no code of Argmap's (INTERNAL).
type Stopped struct {
	Cause Cause
	// Checking is set when Check stopped: nothing was written.
	Checking bool
	// Loaded is the number of documents this run wrote, of Documents to
	// write (both 0 when Check stopped).
	Loaded, Documents int64
	// Source is the first file of the batch that was not written
	// (Unreadable, NotWritten).
	Source string
	Err    error
}

// Error implements the error interface. It is written for the researcher
// who runs the load: Err appears as its message, not its code.
func (e *Stopped) Error() string {
	switch {
	case e.Cause == Interrupted && e.Checking:
		return "interrupted while checking the files; nothing written"
	case e.Cause == Interrupted:
		return fmt.Sprintf("interrupted after %d of %d document(s)", e.Loaded, e.Documents)
	case e.Cause == Unreadable:
		return fmt.Sprintf("stopped after %d of %d document(s): the batch starting with %s cannot be read: %s", e.Loaded, e.Documents, e.Source, message(e.Err))
	case e.Cause == NotWritten:
		return fmt.Sprintf("stopped after %d of %d document(s): the batch starting with %s was not written: %s", e.Loaded, e.Documents, e.Source, message(e.Err))
	case e.Cause == NotMerged:
		return "every document is written, but the actors' aliases are not merged: " + message(e.Err)
	}
	return "stopped: " + message(e.Err)
}

// Unwrap returns the underlying error.
func (e *Stopped) Unwrap() error { return e.Err }

// message is err for a reader: a validation error's list of problems, the
// message of an *argmap.Error (but the whole text of an INTERNAL one, which
// only the operator running the load sees), each of several joined errors
// on a line of its own, or else err's own text.
func message(err error) string {
	var ve *argmap.ValidationError
	var ae *argmap.Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var s string
		for i, e := range j.Unwrap() {
			if i > 0 {
				s += "\n"
			}
			s += message(e)
		}
		return s
	}
	switch {
	case errors.As(err, &ve):
		return ve.Error()
	case errors.As(err, &ae) && ae.Code != argmap.EINTERNAL:
		return ae.Message
	case err == nil:
		return ""
	}
	return err.Error()
}

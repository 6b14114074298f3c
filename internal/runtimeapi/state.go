package runtimeapi

import "fmt"

// State is where one runtime process is in its lifecycle.
type State int

// States of a runtime process.
const (
	// StateStarted: the process runs and has not polled yet (init phase).
	StateStarted State = iota
	// StatePolling: a GET /next is waiting for an invocation.
	StatePolling
	// StateRunning: an invocation was handed out and has no outcome yet.
	StateRunning
	// StateResponded: the outcome was posted; the next poll is due.
	StateResponded
	// StateInitFailed: the runtime reported an init error; terminal.
	StateInitFailed
	// StateClosed: the process is gone (Abort or Close); terminal.
	StateClosed
)

var stateNames = [...]string{"Started", "Polling", "Running", "Responded", "InitFailed", "Closed"}

func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return fmt.Sprintf("State(%d)", int(s))
	}
	return stateNames[s]
}

// action is something that moves the state machine.
type action int

const (
	actNext      action = iota // GET /next
	actDeliver                 // an invocation is handed to the poller
	actRespond                 // POST /response or /error
	actInitError               // POST /init/error
)

var actionNames = [...]string{"next", "deliver", "response", "init error"}

func (a action) String() string { return actionNames[a] }

// transitions lists every legal move; anything else is rejected.
var transitions = map[State]map[action]State{
	StateStarted:   {actNext: StatePolling, actInitError: StateInitFailed},
	StatePolling:   {actDeliver: StateRunning},
	StateRunning:   {actRespond: StateResponded},
	StateResponded: {actNext: StatePolling},
}

// next returns the state after a, or an error when a is illegal in s.
func (s State) next(a action) (State, error) {
	to, ok := transitions[s][a]
	if !ok {
		return s, &TransitionError{From: s, Action: a.String()}
	}
	return to, nil
}

// TransitionError is an illegal request for the process's current state.
type TransitionError struct {
	From   State
	Action string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf(statusInvalidStateMsg, e.From, e.Action)
}

package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/apigw/apigw/internal/clock"
)

// clockState is GET and POST /api/clock's answer.
type clockState struct {
	Now    string `json:"now"` // RFC 3339 with nanoseconds
	Manual bool   `json:"manual"`
}

func (h *handler) state() clockState {
	_, manual := h.cfg.Clock.(ManualClock)
	return clockState{Now: h.cfg.Clock.Now().UTC().Format(time.RFC3339Nano), Manual: manual}
}

func (h *handler) getClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, h.state())
}

// clockMove is POST /api/clock's body: exactly one of advance (a Go
// duration, "90s") or set (RFC 3339).
type clockMove struct {
	Advance string `json:"advance"`
	Set     string `json:"set"`
}

// maxClockBody bounds POST /api/clock's body.
const maxClockBody = 4096

func (h *handler) setClock(w http.ResponseWriter, r *http.Request) {
	m, ok := h.cfg.Clock.(ManualClock)
	if !ok {
		writeError(w, http.StatusConflict, "the clock is real: start apigw with --clock manual to move it")
		return
	}
	var mv clockMove
	body, err := io.ReadAll(io.LimitReader(r.Body, maxClockBody+1))
	if err == nil && len(body) > maxClockBody {
		err = errors.New("body too large")
	}
	if err == nil {
		err = json.Unmarshal(body, &mv)
	}
	if err == nil {
		err = move(m, mv)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(`want {"advance":"90s"} or {"set":"2026-12-06T00:00:00Z"}: %v`, err))
		return
	}
	writeJSON(w, http.StatusOK, h.state())
}

// move applies one clock move.
func move(m ManualClock, mv clockMove) error {
	switch {
	case (mv.Advance == "") == (mv.Set == ""):
		return errors.New("give exactly one of advance and set")
	case mv.Advance != "":
		d, err := time.ParseDuration(mv.Advance)
		if err != nil {
			return err
		}
		_, err = m.Advance(d)
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, mv.Set)
	if err != nil {
		return err
	}
	m.Set(t)
	return nil
}

var _ ManualClock = (*clock.Manual)(nil)

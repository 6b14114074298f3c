package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/apigw/apigw/internal/record"
)

// DefaultLimit is how many records GET /api/requests returns unless told.
const DefaultLimit = 100

func (h *handler) listRequests(w http.ResponseWriter, r *http.Request) {
	n := DefaultLimit
	if s := r.URL.Query().Get("limit"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("limit %q: want a whole number of 1 or more", s))
			return
		}
	}
	out := []record.Record{}
	if h.cfg.Records != nil {
		out = append(out, h.cfg.Records.Recent(n)...)
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) oneRequest(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("requestId")
	if h.cfg.Records != nil {
		if rec, ok := h.cfg.Records.Get(id); ok {
			writeJSON(w, http.StatusOK, rec)
			return
		}
	}
	writeError(w, http.StatusNotFound, "no record of request "+id+" (not seen, or older than the kept history)")
}

// streamBuffer is how many records a slow event-stream client may fall
// behind before it misses some (record.Ring counts them).
const streamBuffer = 256

// events streams records as Server-Sent Events ("event: request" with the
// record's JSON), with a ": ping" comment at the start and every Ping.
func (h *handler) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	var c <-chan record.Record
	if h.cfg.Records != nil {
		sub := h.cfg.Records.Subscribe(streamBuffer)
		defer sub.Cancel()
		c = sub.C
	}
	tick := time.NewTicker(h.cfg.Ping)
	defer tick.Stop()
	for msg := []byte(": ping\n\n"); ; {
		if _, err := w.Write(msg); err != nil || rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			msg = []byte(": ping\n\n")
		case rec, ok := <-c:
			if !ok {
				return
			}
			msg = eventOf(&rec)
		}
	}
}

// eventOf is one record as an event.
func eventOf(rec *record.Record) []byte {
	b, err := json.Marshal(rec)
	if err != nil {
		return []byte(": a record did not encode\n\n")
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, "event: request\ndata: "...)
	out = append(out, b...)
	return append(out, "\n\n"...)
}

func (h *handler) functions(w http.ResponseWriter, _ *http.Request) {
	out := []record.Pool{}
	if h.cfg.Pools != nil {
		out = append(out, h.cfg.Pools.Pools()...)
	}
	writeJSON(w, http.StatusOK, out)
}

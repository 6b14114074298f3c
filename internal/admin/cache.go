package admin

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Cache is the authorizer cache of every API, as the admin API reads and
// flushes it.
type Cache interface {
	// Entries are the entries live at now, with their policy and context.
	Entries(ctx context.Context, now time.Time) ([]Entry, error)
	// Flush drops every entry of one API's stage (API Gateway's
	// FlushStageAuthorizersCache) and says how many were live; api (id or
	// logical id) and stage may be "" when there is only one. Errors wrap
	// ErrNotFound, ErrAmbiguous or ErrUnavailable.
	Flush(ctx context.Context, api, stage string) (int, error)
}

// Entry is one cached authorizer result. It never holds the raw key.
type Entry struct {
	API        string `json:"api"`
	APIID      string `json:"apiId"`
	Stage      string `json:"stage"`
	Authorizer string `json:"authorizer"`
	KeyHash    string `json:"keyHash"`
	Principal  string `json:"principal"`
	// Source is the request whose authorizer call produced the entry.
	Source         string    `json:"source"`
	CreatedAt      time.Time `json:"createdAt"`
	AgeSeconds     int64     `json:"ageSeconds"`
	TTLSeconds     int64     `json:"ttlSeconds"`
	TTLLeftSeconds int64     `json:"ttlLeftSeconds"`
	// Allowed are the resources the policy's Allow statements name.
	Allowed []string `json:"allowed"`
	// Policy is the policy document as the authorizer returned it (null
	// for an HTTP API simple response); Context its context. Shown only
	// for one entry (GET /api/cache/{keyHash}).
	Policy  json.RawMessage   `json:"-"`
	Context map[string]string `json:"-"`
}

// entryDetail is one entry with its policy and context.
type entryDetail struct {
	Entry
	Policy  json.RawMessage   `json:"policy"`
	Context map[string]string `json:"context"`
}

// entryFilter is GET /api/cache's query.
type entryFilter struct{ api, stage, authorizer string }

func (f entryFilter) keeps(e *Entry) bool {
	return (f.api == "" || f.api == e.APIID || f.api == e.API) &&
		(f.stage == "" || f.stage == e.Stage) &&
		(f.authorizer == "" || f.authorizer == e.Authorizer)
}

// entries are the live entries, ordered by API, stage, authorizer and
// newest first.
func (h *handler) entries(r *http.Request) ([]Entry, error) {
	if h.cfg.Cache == nil {
		return []Entry{}, nil
	}
	all, err := h.cfg.Cache.Entries(r.Context(), h.cfg.Clock.Now())
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.API, b.API), cmp.Compare(a.Stage, b.Stage),
			cmp.Compare(a.Authorizer, b.Authorizer), b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.KeyHash, b.KeyHash))
	})
	return all, nil
}

func (h *handler) listCache(w http.ResponseWriter, r *http.Request) {
	all, err := h.entries(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	q := r.URL.Query()
	f := entryFilter{api: q.Get("api"), stage: q.Get("stage"), authorizer: q.Get("authorizer")}
	out := make([]Entry, 0, len(all))
	for i := range all {
		if f.keeps(&all[i]) {
			out = append(out, all[i])
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) cacheEntry(w http.ResponseWriter, r *http.Request) {
	all, err := h.entries(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	hash := r.PathValue("keyHash")
	for _, e := range all {
		if e.KeyHash == hash {
			d := entryDetail{Entry: e, Policy: e.Policy, Context: e.Context}
			if d.Policy == nil {
				d.Policy = json.RawMessage("null")
			}
			writeJSON(w, http.StatusOK, d)
			return
		}
	}
	writeError(w, http.StatusNotFound, "no live cache entry with key hash "+hash)
}

func (h *handler) flush(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Cache == nil {
		writeJSON(w, http.StatusOK, map[string]int{"flushed": 0})
		return
	}
	q := r.URL.Query()
	n, err := h.cfg.Cache.Flush(r.Context(), q.Get("api"), q.Get("stage"))
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"flushed": n})
}

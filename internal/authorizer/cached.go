package authorizer

// DecodeCached parses a cached record's raw output written in format
// (authcache.Record.Format) as the cache does on read, for listings of
// the cache (the admin API). The Result is the caller's.
func DecodeCached(format, raw string) (*Result, error) { return decodeResult(format, raw) }

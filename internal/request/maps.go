package request

// SingleMap returns fields as a name -> last value map, keeping raw names;
// nil when there are none (the proxy event's null for empty maps, L-1).
func SingleMap(fields []Field) map[string]string {
	if len(fields) == 0 {
		return nil
	}
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		m[f.Name] = f.Value
	}
	return m
}

// MultiMap returns fields as a name -> values map in arrival order, keeping
// raw names; nil when there are none.
func MultiMap(fields []Field) map[string][]string {
	if len(fields) == 0 {
		return nil
	}
	m := make(map[string][]string, len(fields))
	for _, f := range fields {
		m[f.Name] = append(m[f.Name], f.Value)
	}
	return m
}

// Answers with the variables named in the event's "names" (all of
// process.env would leak the machine's), null for unset ones.
exports.handler = async (event) => {
  const out = {};
  for (const name of event.names || []) {
    out[name] = name in process.env ? process.env[name] : null;
  }
  return out;
};

// Deliberately not valid JavaScript.
exports.handler = async () => {
  return { ok: ;
};

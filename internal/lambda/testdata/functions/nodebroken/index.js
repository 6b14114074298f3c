// A handler file with a syntax error.
exports.handler = async (event) => {
  return { broken: true
};

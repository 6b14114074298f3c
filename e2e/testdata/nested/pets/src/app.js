// Answers with the path it was called on and the greeting its stack's
// parameter gave it.
exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ path: event.path, greeting: process.env.GREETING }),
});

// The Node function of the issue 11 end-to-end test: it answers with the
// event it received and a header of its own, plus a CORS header the HTTP
// API must drop (it has a CorsConfiguration).
exports.echo = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-served-by': 'node', 'access-control-allow-origin': '*' },
  body: JSON.stringify(event),
});

'use strict';
// Answers with the event, so tests can read what API Gateway passed on.
exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });

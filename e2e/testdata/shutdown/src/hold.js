// Answers with its log stream name once the file named by ?until= exists (at once
// when there is none), so a test controls how long a request is in flight.
const fs = require('fs');

exports.handler = async (event, context) => {
  const until = (event.queryStringParameters || {}).until;
  while (until && !fs.existsSync(until)) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The log stream names this process whatever pid namespace it runs in.
  return { statusCode: 200, body: JSON.stringify({ stream: context.logStreamName }) };
};

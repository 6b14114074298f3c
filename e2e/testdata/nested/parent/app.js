// The parent stack's own function: answers with an output of the pets
// stack, passed in its environment.
exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ owner: process.env.OWNER }) });

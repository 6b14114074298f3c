// Requires a package that does not exist.
const missing = require('apigw-no-such-package');
exports.handler = async () => missing;

// A CommonJS handler with the .cjs extension.
exports.handler = async () => ({ cjs: true });

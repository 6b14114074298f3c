// A handler in a sub-folder, named "src/app.lambdaHandler".
exports.lambdaHandler = async () => ({ app: 'src' });

// Reports, for each module name in event.imports, its who (or
// "MODULE_NOT_FOUND").
exports.handler = async (event) => {
  const imports = {};
  for (const name of event.imports || []) {
    try {
      imports[name] = require(name).who;
    } catch (e) {
      imports[name] = e.code;
    }
  }
  return { imports };
};

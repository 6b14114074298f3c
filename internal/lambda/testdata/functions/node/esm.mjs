// An ES module handler.
export const handler = async (event) => ({ esm: true, event });

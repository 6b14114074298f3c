// An ES module handler (.mjs), loaded with import().
export const handler = async (event) => ({ esm: true, n: event.n });

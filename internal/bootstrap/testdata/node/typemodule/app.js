// A .js handler in a folder whose package.json says "type": "module".
export const handler = async () => ({ typeModule: true });

// GET /slow outlives any integration timeout; GET /fast answers with this
// process's own random id.
const id = Math.random().toString(36).slice(2);

exports.handler = async (event) => {
  if (event.path === '/slow') {
    await new Promise((resolve) => setTimeout(resolve, 600000));
  }
  return { statusCode: 200, body: id };
};

exports.handler = async () => ({ principalId: "user" });

// A function that listens for beforeExit itself, at load.
'use strict';

const mine = () => {};
process.on('beforeExit', mine);

// order: where this module's listener stands among the process's.
exports.order = async () => ({ at: process.listeners('beforeExit').indexOf(mine), of: process.listeners('beforeExit').length });

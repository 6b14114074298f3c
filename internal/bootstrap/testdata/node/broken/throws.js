// Fails while its module body runs.
throw new RangeError('bad configuration');

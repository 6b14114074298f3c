// Deliberately not valid JavaScript.
export const handler = ;

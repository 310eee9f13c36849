/** Bumped on any incompatible change to the socket or collab protocol; checked on connect. */
export const PROTOCOL_VERSION = 1;

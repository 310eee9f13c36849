/**
 * The layers of the code, lowest first: a file may import its own unit or a unit on a lower
 * tier, never one beside or above it, so no two units can import each other (no folder
 * cycles). Enforced by the `layers/tiers` lint rule (.config/eslint-layers.js) in `npm run lint`.
 * A new folder must be placed here before anything in it lints.
 */

/** First match wins. A unit is a folder of server/, unless a pattern here names its role. */
export const UNIT_PATTERNS = [
  ['shared', /^shared\//],
  ['client', /^client\//],
  // The composition root and the command-line tools: they wire everything.
  ['root', /^server\/(app|main)\.ts$|^server\/cli\//],
  // Doors: the transport handlers that find a meeting and call a service.
  [
    'doors',
    /^server\/http\/routes\/|^server\/audio\/handlers\.ts$|^server\/realtime\/(io|broadcaster|admission|collab-server|collab-connection)\.ts$/,
  ],
  // What the doors are built with: guards, acks, limits, origins.
  ['transport', /^server\/(http|realtime)\//],
  ['foundation', /^server\/(util\/|(errors|ids|logger|config)\.ts$)/],
];

/** Lowest first; units on one tier are independent of each other. */
export const TIERS = [
  ['shared'],
  ['client', 'foundation'],
  ['storage'],
  ['audit'],
  ['events'],
  ['auth'],
  ['collab'],
  ['meetings'],
  ['speakers', 'voting', 'ladder', 'pulse'],
  ['audio', 'speech', 'tls'],
  ['export'],
  ['transport'],
  ['doors'],
  ['root'],
];

/** The client runs in a browser: it may use shared/ and itself, nothing of the server. */
export const ONLY = { client: ['shared', 'client'], shared: ['shared'] };

/** What both sides use lives in shared/: nothing outside the client imports the client. */
export const PRIVATE = ['client'];

/**
 * Imports that break the layers today, each with what removes it. The rule reports an entry
 * that is no longer needed, so this list only shrinks. [importing file, imported unit, why]
 */
export const KNOWN = [
  [
    'server/meetings/room.ts',
    'voting',
    'the room holds the open vote (its class); goes with the meeting host (issue 12)',
  ],
  ['server/speech/wording.ts', 'client', 'the message files move to shared/i18n (issue 12)'],
];

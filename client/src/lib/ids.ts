const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A url-safe random id matching the server's `Id` schema. Uses getRandomValues, which (unlike
 * crypto.randomUUID) also works on plain-http LAN addresses, common in a village hall.
 */
export function randomId(length = 21): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

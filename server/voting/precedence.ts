/**
 * A member's own vote prevails over their proxy (委托表决), as a pure rule:
 * - the mandator votes after their holder did: their ballot replaces the proxy's, and the
 *   proxy marker goes (open ballots). A secret ballot can't be found to be replaced without
 *   linking it to the voter, so there the mandator is told their holder already voted;
 * - the holder may not overwrite a ballot the mandator cast themselves (or was assisted
 *   with, which is theirs too); the holder may still change a proxy ballot of their own.
 */
export type Precedence = 'cast' | 'replace-proxy' | 'own-prevails' | 'secret-proxied';

export function precedence(ballot: {
  /** This ballot is cast by a proxy holder. */
  byProxy: boolean;
  secret: boolean;
  /** The voter already has a ballot in this vote… */
  voted: boolean;
  /** …and it was cast by their proxy holder. */
  proxied: boolean;
}): Precedence {
  if (!ballot.voted) return 'cast';
  if (ballot.byProxy) return ballot.proxied ? 'cast' : 'own-prevails';
  if (!ballot.proxied) return 'cast';
  return ballot.secret ? 'secret-proxied' : 'replace-proxy';
}

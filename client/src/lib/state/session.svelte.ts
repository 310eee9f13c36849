import { getMe, logout } from '../api';
import { clearCollabStores } from '../collab-local';
import type { AccountSelf } from '../protocol';

/** The logged-in staff account (cookie session), shared by the console pages. */
class Session {
  /** With the account's permissions as the server sent them. */
  user: AccountSelf | null = $state(null);
  /** `unknown` until the first /api/auth/me answer. */
  status: 'unknown' | 'in' | 'out' = $state('unknown');

  async load(force = false): Promise<AccountSelf | null> {
    if (this.status !== 'unknown' && !force) return this.user;
    const result = await getMe();
    this.user = result.ok ? result.data : null;
    this.status = result.ok ? 'in' : 'out';
    return this.user;
  }

  set(user: AccountSelf): void {
    this.user = user;
    this.status = 'in';
  }

  /** Also forgets this account's co-edited documents kept in the browser (shared laptops). */
  async logout(): Promise<void> {
    const id = this.user?.id;
    await logout();
    if (id) await clearCollabStores({ staff: id });
    this.user = null;
    this.status = 'out';
  }
}

export const session = new Session();

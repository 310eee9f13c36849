import { createHash, randomBytes } from 'node:crypto';
import { ERROR_CODES, type CreateUserBody, type User, type UserRole } from '../../shared/protocol';
import { AppError } from '../errors';
import { newId, nowIso } from '../ids';
import type { Db } from '../storage/db';
import { hashPassword, verifyPassword } from './passwords';

const SESSION_DAYS = 14;
/** Checked for unknown usernames too, so the answer takes as long and names no account. */
let dummyHash: Promise<string> | undefined;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

type UserRow = { id: string; username: string; display_name: string; role: string };
const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role as UserRole,
});

/** Accounts and login sessions. Session tokens are stored hashed: a leaked DB yields none. */
export class UserService {
  constructor(private readonly db: Db) {}

  async needsSetup(): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  async create(input: CreateUserBody): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.insert(this.db, input, passwordHash);
  }

  private async insert(db: Db, input: CreateUserBody, passwordHash: string): Promise<User> {
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (existing) throw new AppError(ERROR_CODES.CONFLICT, `Username ${input.username} is taken`);
    const row = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      created_at: nowIso(),
    };
    await db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  /**
   * Creates the first administrator; refused once any account exists. The check and the
   * insert run in one transaction (Kysely holds SQLite's single connection for it), so
   * parallel set-up requests make exactly one administrator.
   */
  async setup(input: Omit<CreateUserBody, 'role'>): Promise<User> {
    if (!(await this.needsSetup())) {
      throw new AppError(ERROR_CODES.SETUP_DONE, 'Setup was already done');
    }
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any) throw new AppError(ERROR_CODES.SETUP_DONE, 'Setup was already done');
      return this.insert(trx, { ...input, role: 'admin' }, passwordHash);
    });
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').execute();
    return rows.map(toUser);
  }

  async get(id: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async login(username: string, password: string): Promise<{ user: User; token: string }> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    const stored = row?.password_hash ?? (await dummyHash);
    if (!(await verifyPassword(password, stored)) || !row) {
      throw new AppError(ERROR_CODES.INVALID_CREDENTIALS, 'Wrong username or password');
    }
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: row.id,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + SESSION_DAYS * 86_400_000).toISOString(),
      })
      .execute();
    return { user: toUser(row), token };
  }

  async userForSession(token: string | undefined): Promise<User | null> {
    if (!token) return null;
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.role'])
      .where('sessions.token_hash', '=', hashToken(token))
      .where('sessions.expires_at', '>', nowIso())
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  }
}

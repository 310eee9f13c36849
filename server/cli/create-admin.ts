import { CreateUserBody } from '../../shared/protocol';
import { UserService } from '../auth/users';
import { parseConfig } from '../config';
import { openDatabase } from '../storage/db';

/** npm run create-admin -- <username> <password> [display name] */
const [username, password, ...nameParts] = process.argv.slice(2);
const input = CreateUserBody.safeParse({
  username,
  password,
  displayName: nameParts.join(' ') || username,
  role: 'admin',
});
if (!input.success) {
  console.error('Usage: npm run create-admin -- <username> <password> [display name]');
  console.error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const db = await openDatabase(parseConfig().DATA_DIR);
try {
  const user = await new UserService(db).create(input.data);
  console.log(`Created administrator ${user.username}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

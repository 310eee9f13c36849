import { Router, type Response } from 'express';
import { accountView, CreateUserBody, LoginBody, SetupBody } from '../../../shared/protocol';
import { parseInput } from '../../errors';
import type { Guards } from '../guards';
import type { RequestLimits } from '../limits';
import { clientAddress } from '../../util/rate-limit';
import { json } from '../respond';
import type { Logger } from '../../logger';
import { readCookie, SESSION_COOKIE } from '../../auth/cookies';
import type { UserService } from '../../auth/users';

export function authRoutes(
  users: UserService,
  guards: Guards,
  limits: RequestLimits,
  log: Logger,
): Router {
  const router = Router();
  const setSession = (res: Response, token: string, secure: boolean) =>
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: 14 * 86_400_000,
    });

  router.get(
    '/setup',
    json(log, async () => ({ needsSetup: await users.needsSetup() })),
  );
  router.post(
    '/setup',
    json(log, async (req, res) => {
      const body = parseInput(SetupBody, req.body);
      const user = await users.setup(body);
      const { token } = await users.login(body.username, body.password);
      setSession(res, token, req.secure);
      return accountView(user);
    }),
  );
  router.post(
    '/auth/login',
    json(log, async (req, res) => {
      const body = parseInput(LoginBody, req.body);
      const { user, token } = await limits.login(clientAddress(req), body.username, () =>
        users.login(body.username, body.password),
      );
      setSession(res, token, req.secure);
      return accountView(user);
    }),
  );
  router.post(
    '/auth/logout',
    json(log, async (req, res) => {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token) await users.logout(token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return {};
    }),
  );
  router.get(
    '/auth/me',
    json(log, async (req) => accountView(await guards.user(req))),
  );
  router.get(
    '/users',
    json(log, async (req) => {
      await guards.user(req, 'manageUsers');
      return users.list();
    }),
  );
  router.post(
    '/users',
    json(log, async (req) => {
      await guards.user(req, 'manageUsers');
      return users.create(parseInput(CreateUserBody, req.body));
    }),
  );
  return router;
}

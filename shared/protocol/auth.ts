import { z } from 'zod';
import { PersonName } from './common';
import { UserRole } from './roles';

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');
export const Password = z.string().min(8, 'at least 8 characters').max(200);

export const LoginBody = z.strictObject({ username: Username, password: Password });
export type LoginBody = z.infer<typeof LoginBody>;

export const SetupBody = z.strictObject({
  username: Username,
  password: Password,
  displayName: PersonName,
});
export type SetupBody = z.infer<typeof SetupBody>;

export const CreateUserBody = SetupBody.extend({ role: UserRole });
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
}

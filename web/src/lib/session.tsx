/** Who is signed in, shared with every page; roles decide which actions are offered. */
import { createContext, useContext } from 'react';
import type { Role, User } from './types';

export interface SessionValue {
  user: User;
  logout: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in view');
  return value;
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function can(user: User, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}

/** Who is signed in: the user behind the session cookie, with their role. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError } from './api.js';

export type Role = 'agent' | 'supervisor' | 'admin';
export interface Me {
  id: string;
  name: string;
  email: string;
  role: Role;
  divisionIds: string[];
}

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };
export const atLeast = (me: Me | null | undefined, role: Role) => !!me && RANK[me.role] >= RANK[role];

const MeContext = createContext<Me | null>(null);
export const useMe = () => useContext(MeContext);

export function useSession() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/v1/users/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Renders children for a signed-in user with at least `role`, else sends them to sign in. */
export function RequireAuth({ role = 'agent', children }: { role?: Role; children: (me: Me) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <p className="loading" role="status">…</p>;
  const me = session.data;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!atLeast(me, role)) return <Navigate to="/" replace />;
  return <MeContext.Provider value={me}>{children(me)}</MeContext.Provider>;
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    client.clear();
    window.location.assign('/login');
  };
}

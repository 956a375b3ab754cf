/** The workspace's time zone for the pages that show or read wall-clock times (web/src/zoned.ts). */
import { useQuery } from '@tanstack/react-query';
import { api } from './api.js';

/** The workspace's time zone (Asia/Jakarta until it has loaded: the default of a new workspace). */
export function useWorkspaceZone(): string {
  const q = useQuery({ queryKey: ['workspace'], queryFn: () => api<{ name: string; timeZone: string; reportsRebuilding: boolean }>('GET', '/api/v1/workspace'), staleTime: 60_000 });
  return q.data?.timeZone ?? 'Asia/Jakarta';
}

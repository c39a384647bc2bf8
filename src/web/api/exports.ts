// Exports of contacts: streamed downloads for selections that fit a URL, background jobs for the rest.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EXPORT_FORMATS, ExportJob as ExportJobSchema } from '../../modules/exports/schema';
import type { FilterNode } from '../../modules/filters/enums';
import { api } from './client';

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportJob = z.infer<typeof ExportJobSchema>;

export interface ExportRequest {
  format: ExportFormat;
  ids?: string[];
  q?: string;
  filter?: FilterNode;
}

/** GET /exports/contacts: the file itself, streamed while it is written. */
export function exportFileUrl(r: ExportRequest): string {
  const p = new URLSearchParams({ format: r.format });
  if (r.ids?.length) p.set('ids', r.ids.join(','));
  if (r.q?.trim()) p.set('q', r.q.trim());
  if (r.filter) p.set('filter', JSON.stringify(r.filter));
  return `/api/v1/exports/contacts?${p.toString()}`;
}

/** Longer addresses than this go to POST /exports instead (proxies and browsers cap URL length). */
export const MAX_EXPORT_URL = 6000;

/** Starts a browser download of a same-origin URL (the session cookie goes along). */
export function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export const useStartExport = () =>
  useMutation({
    mutationFn: (r: ExportRequest) => api.post<{ id: string; state: ExportJob['state'] }>('/exports', r),
  });

/** A background export, polled every second until it is done or failed. */
export const useExportJob = (id: string | null) =>
  useQuery({
    queryKey: ['exports', id ?? ''],
    queryFn: () => api.get<ExportJob>(`/exports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && ['done', 'error'].includes(q.state.data.state) ? false : 1000),
  });

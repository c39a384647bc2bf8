// Import uploads send the file itself as the request body. XMLHttpRequest rather than fetch:
// only it reports upload progress, which a 200 MB file needs.
import { ApiError, type FieldError } from './client';
import type { ImportPreview } from './imports';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadQuery {
  fileName?: string;
  source?: 'file' | 'pasted';
}

export interface Upload {
  done: Promise<ImportPreview>;
  abort: () => void;
}

function problem(xhr: XMLHttpRequest): ApiError {
  try {
    const p = JSON.parse(xhr.responseText) as {
      title?: string;
      detail?: string;
      message?: string;
      errors?: FieldError[];
    };
    const errors = Array.isArray(p.errors) ? p.errors : [];
    return new ApiError(xhr.status, p.title ?? xhr.statusText, p.detail ?? p.message ?? '', errors);
  } catch {
    return new ApiError(xhr.status, xhr.statusText || 'Upload failed', `The server answered ${xhr.status}`);
  }
}

/** Uploads a file (or pasted text) to POST /imports; `done` answers the preview. */
export function uploadImport(
  body: Blob | string,
  query: UploadQuery,
  onProgress?: (p: UploadProgress) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const done = new Promise<ImportPreview>((resolve, reject) => {
    xhr.open('POST', `/api/v1/imports?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : body.type;
    xhr.setRequestHeader('content-type', type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportPreview);
        } catch {
          reject(new ApiError(xhr.status, 'Upload failed', 'The server’s answer could not be read'));
        }
      } else reject(problem(xhr));
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          'Network error',
          'The upload was interrupted. Check your connection and try again; very large files may be over the server’s size limit.',
        ),
      );
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    xhr.send(body);
  });
  return { done, abort: () => xhr.abort() };
}

export const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

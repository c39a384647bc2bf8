import makeContentDisposition from 'content-disposition';

/** An attachment header that keeps non-ASCII file names (RFC 6266 filename*). */
export const contentDisposition = (fileName: string) =>
  makeContentDisposition(fileName, { type: 'attachment' });

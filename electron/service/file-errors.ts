// A file system failure as one sentence a person can act on, instead of errno text
// ("ENOENT: no such file or directory, open '...'").

const SENTENCES: Record<string, (path: string) => string> = {
  ENOENT: (p) => `${p} cannot be written: its folder does not exist.`,
  ENOTDIR: (p) => `${p} cannot be written: part of its path is a file, not a folder.`,
  EACCES: (p) => `${p} cannot be written: you do not have permission there.`,
  EPERM: (p) => `${p} cannot be written: the system does not allow it.`,
  EROFS: (p) => `${p} cannot be written: that disk is read-only.`,
  ENOSPC: (p) => `${p} could not be written whole: the disk is full (the partial file was removed).`,
  EDQUOT: (p) => `${p} could not be written whole: your disk quota is used up (the partial file was removed).`,
  EISDIR: (p) => `${p} is a folder: give a file name.`,
  EEXIST: (p) => `${p} already exists and is not a folder.`,
};

/** The sentence for a failed file operation, or null when `err` is not one. */
export function fileErrorSentence(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !(e.code in SENTENCES)) return null;
  return SENTENCES[e.code]!(e.path ?? 'The file');
}

const READ_SENTENCES: Record<string, (path: string) => string> = {
  ENOENT: (p) => `${p} does not exist.`,
  ENOTDIR: (p) => `${p} does not exist: part of its path is a file, not a folder.`,
  EACCES: (p) => `${p} cannot be read: you do not have permission there.`,
  EPERM: (p) => `${p} cannot be read: the system does not allow it.`,
  EISDIR: (p) => `${p} is a folder: give a file.`,
  EIO: (p) => `${p} cannot be read: the disk failed.`,
};

/** The sentence for a file that could not be read (not written), or null when `err` is not one. */
export function fileReadErrorSentence(err: unknown, path?: string): string | null {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !(e.code in READ_SENTENCES)) return null;
  return READ_SENTENCES[e.code]!(path ?? e.path ?? 'The file');
}

// The one way a run folder's files are written whole: the text goes to a temporary name in the same
// folder, is fsynced, renamed over the target and the folder fsynced, so a reader (or a crash) sees the
// old file or the new one, never a part. Chunks (an iterable) let a large file be written without one string.
import fs from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** Writes `data` (a string or its chunks, in order) to `filePath` atomically and durably. */
export async function writeFileAtomic(filePath: string, data: string | Iterable<string> | AsyncIterable<string>, options: { mode?: number } = {}): Promise<void> {
  const tmp = temporaryName(filePath);
  try {
    const handle = await open(tmp, "w", options.mode ?? 0o644);
    try {
      for await (const chunk of typeof data === "string" ? [data] : data) await handle.writeFile(chunk, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, filePath);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(filePath));
}

/** writeFileAtomic for callers that cannot wait (synchronous code paths). */
export function writeFileAtomicSync(filePath: string, data: string, options: { mode?: number } = {}): void {
  const tmp = temporaryName(filePath);
  try {
    const fd = fs.openSync(tmp, "w", options.mode ?? 0o644);
    try {
      fs.writeFileSync(fd, data, "utf8");
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, filePath);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  syncFolderSync(path.dirname(filePath));
}

/** The temporary name: hidden, in the same folder (so rename stays on one file system), unique per process and call. */
function temporaryName(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.${(counter++).toString(36)}.tmp`);
}
let counter = 0;

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function syncFolderSync(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

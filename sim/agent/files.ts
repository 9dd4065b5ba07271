// The agent's folder on its host: every path the conductor names is relative to it and must stay
// inside it; listing and reading files for the conductor to fetch.
import fs from "node:fs";
import path from "node:path";
import type { AgentFile } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";

export class AgentFolder {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  /** The absolute path of `relative`; refuses absolute paths and any that leave the folder. */
  resolve(relative: string): string {
    const resolved = path.resolve(this.root, relative);
    if (path.isAbsolute(relative) || (resolved !== this.root && !resolved.startsWith(this.root + path.sep))) {
      throw errors.invalidArgument("path", relative, "a path relative to the agent's folder, inside it");
    }
    fs.mkdirSync(path.dirname(resolved), { recursive: true });
    return resolved;
  }

  relative(absolute: string): string {
    return path.relative(this.root, absolute);
  }

  /** Every file under `prefix` (relative), recursively. */
  list(prefix = ""): AgentFile[] {
    const start = this.resolve(prefix);
    const files: AgentFile[] = [];
    const walk = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) files.push({ path: this.relative(full), sizeBytes: fs.statSync(full).size });
      }
    };
    if (fs.existsSync(start) && fs.statSync(start).isFile()) return [{ path: this.relative(start), sizeBytes: fs.statSync(start).size }];
    walk(start);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** A readable stream of one file, or undefined when there is none. */
  read(relative: string): fs.ReadStream | undefined {
    const file = this.resolve(relative);
    return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.createReadStream(file) : undefined;
  }
}

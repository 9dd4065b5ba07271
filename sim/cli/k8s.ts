// `taskstorm k8s render <scenario|file> --out DIR ...`: the run's manifests as plain YAML;
// `taskstorm k8s validate DIR...`: offline, strict validation of them (tools/go/k8s-validate, built into
// the tool cache on first use). Exit 0 valid, 1 invalid (each problem names the document, the field
// path and what was expected), 2 bad input.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { errors } from "../lib/errors.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";

const USAGE = "taskstorm k8s render <scenario|file.ts> --out DIR | taskstorm k8s validate DIR...";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "render") return render(rest, out);
  if (sub === "validate") return validate(rest, out);
  throw errors.invalidArgument("k8s", sub ?? "", `render or validate (${USAGE})`);
}

async function render(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("k8s render", args, {
    out: { type: "string" }, set: { type: "string", multiple: true }, strategy: { type: "string", multiple: true }, seed: { type: "string" },
    image: { type: "string" }, namespace: { type: "string" }, postgres: { type: "string" }, "run-id": { type: "string" }, "storage-class": { type: "string" },
    costs: { type: "string" },
  });
  if (positionals.length !== 1) throw errors.invalidArgument("k8s render", positionals, "exactly one scenario name or file");
  if (!values.out) throw errors.invalidArgument("--out", undefined, "the folder to write the manifests into");
  const { k8sRunInputs } = await import("./k8s-inputs.ts");
  const inputs = await k8sRunInputs(positionals[0]!, values);
  const { renderRun, writeRender } = await import("../placement/k8s/render.ts");
  const files = renderRun(inputs.loaded, { ...inputs.render, token: randomBytes(24).toString("hex") });
  writeRender(values.out, files);
  out(`rendered run ${inputs.render.run.runId} of ${inputs.loaded.spec.name} (${inputs.render.variants.length} columns) into ${values.out}: ${files.map((f) => f.path).join(", ")}`);
  out(`01-secrets.yaml holds the agents' token${inputs.render.postgresUrl ? " and the database URL" : ""} (mode 0600): keep it out of version control`);
  return EXIT.ok;
}

async function validate(args: string[], out: (line: string) => void): Promise<number> {
  const { positionals } = parseCommandArgs("k8s validate", args, {});
  if (positionals.length === 0) throw errors.invalidArgument("k8s validate", args, "one or more folders or YAML files");
  const { ensureTool } = await import("../infra/tools.ts");
  const tool = await ensureTool("k8s-validate", { log: (line) => process.stderr.write(`${line}\n`) });
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(tool.path, positionals, { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.setEncoding("utf8");
    let pending = "";
    child.stdout.on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop()!;
      for (const line of lines) out(line);
    });
    child.once("error", reject);
    child.once("close", (c) => (pending && out(pending), resolve(c ?? 3)));
  });
  return code === 0 ? EXIT.ok : code === 1 ? EXIT.verdictFailed : code === 2 ? EXIT.badInput : EXIT.infraFailed;
}

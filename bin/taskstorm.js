#!/usr/bin/env node
// Entry point of the taskstorm CLI: registers the TypeScript loader (tsx) and hands over to sim/run/cli.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../sim/run/cli.ts");
process.exitCode = await main(process.argv.slice(2));

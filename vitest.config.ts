// Test configuration: tests live next to the code (sim/**/<module>.test.ts); one PostgreSQL per run.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["sim/**/*.test.ts", "scenarios/**/*.test.ts", "fixtures/**/*.test.ts"],
    globalSetup: ["sim/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: process.env.CI ? ["default", ["junit", { outputFile: "reports/test-junit.xml" }]] : ["default"],
  },
});

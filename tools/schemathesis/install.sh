#!/usr/bin/env bash
# Installs the pinned schemathesis (requirements.txt beside this file) into the user cache for the API
# contract test (sim/server/http/openapi.schemathesis.test.ts); does nothing when it is already there.
# Needs Python >= 3.11 with venv (TASKSTORM_PYTHON may name one) and PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node --import tsx --input-type=module -e '
const { ensureSchemathesis } = await import("./sim/infra/schemathesis.ts");
const found = await ensureSchemathesis();
console.log(`schemathesis ${found.version}: ${found.python} -m schemathesis.cli`);
'

// Of the given environment ids, those no environment row has (in the caller's transaction, so rows it
// has just written count).
import type { Queryable } from "../db.ts";

export async function selectMissingEnvironments(db: Queryable, environmentIds: string[]): Promise<Set<string>> {
  const result = await db.query<{ id: string }>({
    name: "select_missing_environments",
    text: `select distinct x.id from unnest($1::text[]) as x(id) where not exists (select 1 from environment e where e.id = x.id)`,
    values: [environmentIds],
  });
  return new Set(result.rows.map((row) => row.id));
}

// parseTimestamptz agrees with pg's own parser on what PostgreSQL sends and on what it hands back to
// it; and a real round trip through PostgreSQL returns the instant that was written.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { makeMigratedDatabase } from "../../testing/server-support.ts";
import { parseTimestamptz, SERVER_TYPES } from "./timestamptz.ts";

const pgParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

describe("parseTimestamptz", () => {
  it.each([
    "2026-12-01 16:53:52+00", "2026-12-01 16:53:52.1+00", "2026-12-01 16:53:52.12+00", "2026-12-01 16:53:52.123+00",
    "2026-12-01 16:53:52.123456+00", "2026-12-01 16:53:52.999999+00", "2024-02-29 23:59:59.5+05:30", "1999-12-31 23:00:00-08",
    "1883-11-18 12:00:00-07:52:58", "2026-03-29 01:30:00.000001+01",
    // pg's parser: BC, infinity, early years, other shapes
    "0044-03-15 12:00:00+00 BC", "0099-01-01 00:00:00+00", "infinity", "-infinity", "2026-12-01T16:53:52Z", "2026-12-01 16:53:52",
  ])("reads %j as pg does", (text) => {
    const ours = parseTimestamptz(text);
    const theirs = pgParser(text);
    expect(ours instanceof Date ? ours.getTime() : ours).toEqual(theirs instanceof Date ? theirs.getTime() : theirs);
  });

  it("returns through PostgreSQL the instants written, on a pool with SERVER_TYPES", async () => {
    await using db = await makeMigratedDatabase();
    const pool = new pg.Pool({ connectionString: db.url, max: 1, types: SERVER_TYPES });
    try {
      const instants = [new Date("2026-12-01T16:53:52.123Z"), new Date("1999-12-31T23:59:59.999Z"), new Date(0)];
      const { rows } = await pool.query<{ t: Date }>("select t from unnest($1::timestamptz[]) t", [instants]);
      expect(rows.map((r) => r.t.getTime())).toEqual(instants.map((d) => d.getTime()));
      await pool.query("set time zone 'Asia/Kolkata'");
      const { rows: [kolkata] } = await pool.query<{ t: Date; text: string }>("select $1::timestamptz as t, $1::timestamptz::text as text", [instants[0]]);
      expect(kolkata!.text).toBe("2026-12-01 22:23:52.123+05:30");
      expect(kolkata!.t.getTime()).toBe(instants[0]!.getTime());
    } finally {
      await pool.end();
    }
  });
});

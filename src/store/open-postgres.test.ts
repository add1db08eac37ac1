// Bad DATABASE_URLs and unreachable servers: a `connection` StoreError with host:port and never the password.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { openStore } from "./index.ts";
import { parseDatabaseUrl } from "./open-postgres.ts";
import { expectStoreError } from "./store.suite.ts";

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const SECRET = "hunter2-s3cret";

function expectNoSecret(e: { message: string; details: unknown }): void {
  expect(e.message).not.toContain(SECRET);
  expect(JSON.stringify(e.details)).not.toContain(SECRET);
}

describe("openStore with a bad database URL", () => {
  it("an unreachable server names host:port and hides the password", async () => {
    const port = await closedPort();
    const e = await expectStoreError(openStore({ databaseUrl: `postgres://alice:${SECRET}@127.0.0.1:${port}/llm` }), "connection", `127.0.0.1:${port}`, "llm", "alice");
    expectNoSecret(e);
    expect(e.details).toMatchObject({ host: "127.0.0.1", port, reason: "ECONNREFUSED" });
  });

  it("a URL that does not parse is a connection error that does not echo the URL", async () => {
    const e = await expectStoreError(openStore({ databaseUrl: `alice:${SECRET}@nowhere` }), "connection", "postgres://");
    expectNoSecret(e);
  });

  it("a non-PostgreSQL scheme is refused", async () => {
    const e = await expectStoreError(openStore({ databaseUrl: `mysql://alice:${SECRET}@127.0.0.1/db` }), "connection", "mysql:");
    expectNoSecret(e);
  });

  it("an invalid schema name is refused before connecting", async () => {
    await expectStoreError(openStore({ databaseUrl: "postgres://127.0.0.1:1/x", schema: "x; drop table y" }), "invalid", "Schema");
  });

  it("parses the parts of a URL, with defaults", () => {
    expect(parseDatabaseUrl("postgresql://bob:p%40ss@db.example:6543/llmpath")).toEqual({ host: "db.example", port: 6543, database: "llmpath", user: "bob", password: "p@ss" });
    expect(parseDatabaseUrl("postgres://bob@localhost")).toMatchObject({ host: "localhost", port: 5432, database: "bob", password: "" });
  });
});

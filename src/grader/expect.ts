// Target of package.json's `"./testing"` export; the module itself is ./testing.ts.
export * from "./testing.ts";

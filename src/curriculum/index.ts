// The curriculum: load and validate content/, and answer "what comes before what".
export * from "./graph.ts";
export * from "./load.ts";
export * from "./problem.ts";
export * from "./schema.ts";

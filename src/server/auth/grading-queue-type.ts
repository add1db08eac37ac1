// The grading queue as the web app sees it: enqueue an attempt, read its state (implemented on pg-boss in grading/).
export interface GradingJobView {
  id: string;
  labId: string;
  state: "queued" | "running" | "done" | "failed";
  attemptId: number | null;
  verdict: string | null;
  result: unknown;
}

export interface GradingQueue {
  enqueue(learnerId: number, labId: string, code: string): Promise<string>;
  get(learnerId: number, jobId: string): Promise<GradingJobView | null>;
}

// CLI messages of multi-user mode (`serve --database-url`, `worker`), in both languages.
import { registerMessages } from "../../i18n/index.ts";

registerMessages(
  {
    "serve.multiUser": "Multi-user mode: accounts and sessions in PostgreSQL at {where}. The first account registered becomes the admin.",
    "serve.singleUser": "Single-user mode (no login). For a cohort, run: llmpath serve --database-url postgres://…",
    "worker.started": "Grading worker {id} is consuming the queue in PostgreSQL at {where} ({concurrency} at a time). Ctrl+C to stop.",
    "worker.needsDatabase": "llmpath worker needs PostgreSQL: pass --database-url postgres://… or set DATABASE_URL.",
  },
  {
    "serve.multiUser": "多用户模式：账号和会话保存在 PostgreSQL（{where}）。第一个注册的账号成为管理员。",
    "serve.singleUser": "单用户模式（无需登录）。为一个班级运行：llmpath serve --database-url postgres://…",
    "worker.started": "评分进程 {id} 正在处理 PostgreSQL（{where}）中的队列（同时 {concurrency} 个）。按 Ctrl+C 停止。",
    "worker.needsDatabase": "llmpath worker 需要 PostgreSQL：传入 --database-url postgres://… 或设置 DATABASE_URL。",
  },
);

// Tiny HTML helpers: escaping and a page shell shared by server-rendered pages.
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

export function page(lang: "zh" | "en", title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  :root { --fg:#1d2330; --muted:#5b6474; --bg:#f6f7fb; --card:#fff; --line:#dfe3ec;
          --done:#2f9e44; --credited:#1c7ed6; --progress:#f08c00; --available:#495057; --locked:#adb5bd; }
  * { box-sizing: border-box; }
  body { margin:0; font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color:var(--fg); background:var(--bg); }
  header { padding: 20px 28px; background:#14213d; color:#fff; display:flex; align-items:baseline; gap:16px; flex-wrap:wrap; }
  header h1 { margin:0; font-size:22px; }
  header .tag { opacity:.8; }
  header nav { margin-left:auto; }
  header a { color:#ffd166; }
  main { padding: 20px 28px 40px; max-width: 1280px; margin: 0 auto; }
  .legend { display:flex; gap:14px; flex-wrap:wrap; color:var(--muted); margin-bottom:14px; }
  .legend span::before { content:""; display:inline-block; width:10px; height:10px; border-radius:50%; margin-right:6px; background:var(--c); }
  .stage { background:var(--card); border:1px solid var(--line); border-radius:10px; margin:14px 0; padding:14px 18px; }
  .stage h2 { margin:0 0 2px; font-size:18px; }
  .stage .meta { color:var(--muted); margin-bottom:10px; }
  .bar { height:6px; background:var(--line); border-radius:3px; overflow:hidden; margin:6px 0 12px; }
  .bar i { display:block; height:100%; background:var(--done); }
  .modules { display:grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap:10px; }
  .module { border:1px solid var(--line); border-left:5px solid var(--c); border-radius:8px; padding:10px 12px; background:#fff; }
  .module h3 { margin:0; font-size:15px; }
  .module code { font-size:12px; color:var(--muted); }
  .module .state { font-size:12px; font-weight:600; color:var(--c); }
  .module p { margin:6px 0 0; font-size:13px; color:var(--muted); }
  .module.locked { opacity:.75; }
  .module .needs { font-size:12px; color:#c92a2a; }
  .locked { --c: var(--locked); } .available { --c: var(--available); } .in_progress { --c: var(--progress); }
  .done { --c: var(--done); } .credited { --c: var(--credited); }
  footer { color:var(--muted); font-size:13px; text-align:center; padding:20px; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

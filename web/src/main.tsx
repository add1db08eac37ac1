// Entry of the web app: the shell (header, navigation, language switch, account in multi-user mode) and a small path
// router with lazy pages.
import { render } from "preact";
import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { type Account, type AccountUser, loadAccount } from "./account.ts";
import { api } from "./api.ts";
import { type Lang, tr } from "./i18n.ts";
import { RoadmapPage } from "./pages/roadmap.tsx";
import { AppContext, initialLang, rememberLang } from "./state.ts";
import "./style.css";

const ModulePage = lazy(() => import("./pages/module.tsx").then((m) => m.ModulePage));
const LabPage = lazy(() => import("./pages/lab.tsx").then((m) => m.LabPage));
const PlanPage = lazy(() => import("./pages/plan.tsx").then((m) => m.PlanPage));
const ProgressPage = lazy(() => import("./pages/progress.tsx").then((m) => m.ProgressPage));
const ReviewPage = lazy(() => import("./pages/review.tsx").then((m) => m.ReviewPage));
const JournalPage = lazy(() => import("./pages/journal.tsx").then((m) => m.JournalPage));
const ExperimentsPage = lazy(() => import("./pages/experiments.tsx").then((m) => m.ExperimentsPage));
const SettingsPage = lazy(() => import("./pages/settings.tsx").then((m) => m.SettingsPage));
const LoginPage = lazy(() => import("./pages/login.tsx").then((m) => m.LoginPage));
const CohortsPage = lazy(() => import("./pages/cohorts.tsx").then((m) => m.CohortsPage));
const CohortDashboardPage = lazy(() => import("./pages/cohort-dashboard.tsx").then((m) => m.CohortDashboardPage));

/** Multi-user mode's pages (single-user mode has no accounts, so these paths fall through to the roadmap there). */
function accountRoute(path: string, account: Account, onSignedIn: (u: AccountUser) => void) {
  if (account.mode !== "multi") return null;
  if (!account.user) return <LoginPage onSignedIn={onSignedIn} />;
  const m = /^\/cohorts\/(\d+)$/.exec(path);
  if (m) return <CohortDashboardPage id={m[1]!} />;
  if (path === "/cohorts") return <CohortsPage user={account.user} />;
  return null;
}

function route(path: string) {
  const m = /^\/(modules|labs)\/([a-z0-9-]+)$/.exec(path);
  if (m) return m[1] === "modules" ? <ModulePage id={m[2]!} /> : <LabPage id={m[2]!} />;
  switch (path) {
    case "/plan":
      return <PlanPage />;
    case "/progress":
      return <ProgressPage />;
    case "/review":
      return <ReviewPage />;
    case "/journal":
      return <JournalPage />;
    case "/experiments":
      return <ExperimentsPage />;
    case "/settings":
      return <SettingsPage />;
    default:
      return <RoadmapPage />;
  }
}

function App() {
  const [lang, setLangState] = useState<Lang>(initialLang());
  const [path, setPath] = useState(location.pathname);
  const [account, setAccount] = useState<Account>({ mode: "loading" });
  const t = tr(lang);
  useEffect(() => {
    loadAccount().then(setAccount, () => setAccount({ mode: "single" }));
  }, []);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  useEffect(() => {
    document.title = `llmpath — ${t.nav.roadmap}`;
  }, [t]);
  const navigate = (href: string) => {
    history.pushState(null, "", href);
    setPath(location.pathname);
    scrollTo(0, 0);
  };
  const setLang = (l: Lang) => {
    setLangState(l);
    const url = new URL(location.href);
    if (url.searchParams.has("lang")) {
      url.searchParams.delete("lang");
      history.replaceState(null, "", url);
    }
    // without a session (the login page) only this browser remembers it
    rememberLang(l).catch(() => {});
  };
  useEffect(() => {
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  });
  function onClick(e: MouseEvent) {
    const a = (e.target as HTMLElement).closest("a");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute("download")) return;
    const href = a.getAttribute("href");
    if (!href?.startsWith("/") || href.startsWith("/api/")) return;
    e.preventDefault();
    navigate(href);
  }
  const signedIn = (user: AccountUser) => {
    setAccount({ mode: "multi", user });
    if (path === "/login") navigate("/");
  };
  const logout = async () => {
    await api("/auth/logout", { method: "POST" }).catch(() => {});
    setAccount({ mode: "multi", user: null });
    navigate("/login");
  };
  const user = account.mode === "multi" ? account.user : null;
  const links: [string, string][] = [
    ["/", t.nav.roadmap],
    ["/plan", t.nav.plan],
    ["/progress", t.nav.progress],
    ["/review", t.nav.review],
    ["/journal", t.nav.journal],
    ["/experiments", t.nav.experiments],
    ["/settings", t.nav.settings],
    ...(user ? ([["/cohorts", t.nav.cohorts]] as [string, string][]) : []),
  ];
  return (
    <AppContext.Provider value={{ lang, t, setLang, navigate }}>
      <div>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="top">
          <a class="brand" href="/">
            llmpath
          </a>
          <span class="tag">{t.tagline}</span>
          <nav aria-label="main">
            {links.map(([href, label]) => (
              <a href={href} aria-current={path === href ? "page" : undefined}>
                {label}
              </a>
            ))}
          </nav>
          {account.mode === "multi" &&
            (user ? (
              <button type="button" class="lang" data-testid="logout" title={user.email} onClick={logout}>
                {t.account.logout}
              </button>
            ) : (
              <a class="lang" href="/login">
                {t.account.login}
              </a>
            ))}
          <button type="button" class="lang" aria-label={t.otherLangLabel} onClick={() => setLang(lang === "en" ? "zh" : "en")}>
            {t.otherLang}
          </button>
        </header>
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<p class="muted">{t.loading}</p>}>{accountRoute(path, account, signedIn) ?? route(path)}</Suspense>
        </main>
      </div>
    </AppContext.Provider>
  );
}

const root = document.getElementById("app")!;
root.textContent = "";
render(<App />, root);

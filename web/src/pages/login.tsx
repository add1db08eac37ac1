// Multi-user mode's sign-in page: log in or create an account (email + password); errors in the page's language.
import { useState } from "preact/hooks";
import { type AccountUser, errorText } from "../account.ts";
import { api } from "../api.ts";
import { fill } from "../i18n.ts";
import { useApp } from "../state.ts";

export function LoginPage({ onSignedIn }: { onSignedIn: (user: AccountUser) => void }) {
  const { t } = useApp();
  const [mode, setMode] = useState<"login" | "register">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [msg, setMsg] = useState("");
  const [busy, setBusy] = useState(false);
  const title = mode === "login" ? t.account.login : t.account.register;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMsg("");
    try {
      const r = await api<{ user: AccountUser }>(mode === "login" ? "/auth/login" : "/auth/register", { method: "POST", body: { email, password } });
      onSignedIn(r.user);
    } catch (err) {
      setMsg(errorText(t.account.errors, err, fill));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="login-title" data-testid="login-page" data-mode={mode}>
      <h1 id="login-title">{title}</h1>
      <form class="card" onSubmit={submit}>
        <label for="l-email">{t.account.email}</label>
        <input id="l-email" name="email" type="email" autoComplete="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        <label for="l-password">{t.account.password}</label>
        <input
          id="l-password"
          name="password"
          type="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          minLength={mode === "register" ? 10 : undefined}
          aria-describedby={mode === "register" ? "l-hint" : undefined}
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        {mode === "register" && (
          <p id="l-hint" class="muted small">
            {t.account.passwordHint}
          </p>
        )}
        <p>
          <button type="submit" class="primary" disabled={busy} data-testid="login-submit">
            {title}
          </button>
        </p>
        <p role="alert" data-testid="login-error">
          {msg}
        </p>
      </form>
      <p>
        <button
          type="button"
          class="link"
          data-testid="login-switch"
          onClick={() => {
            setMode(mode === "login" ? "register" : "login");
            setMsg("");
          }}
        >
          {mode === "login" ? t.account.noAccount : t.account.haveAccount}
        </button>
      </p>
    </section>
  );
}

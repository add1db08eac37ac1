// The review page: a card session — front, show answer, then one of the four FSRS ratings (saved at once).
import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { fill, type Text } from "../i18n.ts";
import { useApi, useApp } from "../state.ts";

interface ReviewReply {
  cards: { moduleId: string; cardId: string; front: Text; back: Text; new: boolean }[];
}

export function ReviewPage() {
  const { t, lang } = useApp();
  const [data, reload] = useApi<ReviewReply>("/review");
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(0);
  if (data.state === "loading") return <p class="muted">{t.loading}</p>;
  if (data.state === "error") return <p role="alert">{fill(t.loadFailed, { why: data.error.message })}</p>;
  const card = data.data.cards[0];
  const rate = async (rating: string) => {
    await api("/review", { method: "POST", body: { moduleId: card!.moduleId, cardId: card!.cardId, rating } });
    setOpen(false);
    setDone((n) => n + 1);
    reload();
  };
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t.review}</h1>
      <p class="muted">{fill(t.dueCount, { n: data.data.cards.length })}</p>
      {done > 0 && <p>{fill(t.reviewed, { n: done })}</p>}
      {!card ? (
        <p>{t.reviewNone}</p>
      ) : (
        <div class="card">
          <p class="small muted">{card.moduleId}</p>
          <p>
            <strong>{card.front[lang]}</strong>
          </p>
          {open ? (
            <>
              <p>{card.back[lang]}</p>
              <fieldset class="ratings">
                <legend class="small muted">{t.review}</legend>
                {(["again", "hard", "good", "easy"] as const).map((r) => (
                  <button type="button" onClick={() => rate(r)}>
                    {t.ratings[r]}
                  </button>
                ))}
              </fieldset>
            </>
          ) : (
            <button type="button" class="primary" onClick={() => setOpen(true)}>
              {t.showAnswer}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

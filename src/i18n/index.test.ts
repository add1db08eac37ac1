// Language detection follows the POSIX locale variables; both catalogues have the same keys.
import { describe, expect, it } from "vitest";
import { detectLang, missingTranslations, t } from "./index.ts";

describe("i18n", () => {
  it("picks zh when the first non-empty locale variable starts with zh", () => {
    expect(detectLang({ LANG: "zh_CN.UTF-8", LC_ALL: "" })).toBe("zh");
    expect(detectLang({ LC_ALL: "en_US.UTF-8", LANG: "zh_CN.UTF-8" })).toBe("en");
    expect(detectLang({ LC_MESSAGES: "zh_TW.UTF-8" })).toBe("zh");
    expect(detectLang({ LLMPATH_LANG: "zh", LANG: "en_US.UTF-8" })).toBe("zh");
  });
  it("has every core message in both languages", () => {
    expect(missingTranslations()).toEqual({ en: [], zh: [] });
    expect(t("zh", "start.blocked", { id: "x", missing: "y" })).toContain("还不能开始 x");
  });
});

import { test, expect, type Page } from "@playwright/test";
import {
  failOnBrowserProblems,
  filterByConcept,
  openBank,
  openQuestion,
  revealStrongAnswer,
  waitForHydration,
} from "./flows";

const strongAnswer = (page: Page) => page.getByRole("heading", { level: 2, name: "Strong answer" });
const reviewersNote = (page: Page) =>
  page.getByRole("heading", { name: "What an interviewer would push back on" });

/**
 * The learner's path: bank → filter by concept → question → reveal. With JavaScript, every
 * step after a full page load waits for hydration, so the clicks exercise the hydrated app.
 */
async function studyCapInPractice(page: Page, { javaScript }: { javaScript: boolean }) {
  await openBank(page);
  if (javaScript) await waitForHydration(page);
  await filterByConcept(page, "CAP and consistency");
  await expect(page).toHaveURL(/concept=cap/);
  // The filter form is a plain GET: a full page load, hydrated afresh.
  if (javaScript) await waitForHydration(page);
  await expect(page.getByRole("link", { name: "CAP in Practice", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Trade-offs Explanation", exact: true })).toHaveCount(0);

  await openQuestion(page, "CAP in Practice");
  // Links are full page loads: the question's islands hydrate afresh.
  if (javaScript) await waitForHydration(page);
  await expect(page.getByText("Our MySQL database has a primary in US-East")).toBeVisible();
  await expect(strongAnswer(page)).toBeHidden();
  await expect(reviewersNote(page)).toBeHidden();

  await revealStrongAnswer(page);
  await expect(strongAnswer(page)).toBeVisible();
  await expect(page.getByText("Read-after-write consistency: redirect users to primary")).toBeVisible();
  // The seed's answer as written, and the reviewer's note beside it, marked as such.
  await expect(reviewersNote(page)).toBeVisible();
  await expect(page.getByText("A reviewer's note: the answer above is kept as written")).toBeVisible();
  await expect(page.getByRole("heading", { name: "What they’re testing" })).toBeVisible();
}

test.describe("with JavaScript", () => {
  failOnBrowserProblems(test);

  test("study a question once hydrated", async ({ page }) => {
    await studyCapInPractice(page, { javaScript: true });
    // Revealed in place by the hydrated app, not by reloading with ?reveal=1.
    await expect(page).not.toHaveURL(/reveal=1/);
  });

  for (const path of ["/study-guide", "/questions/multi-region-checkout?reveal=1"]) {
    test(`${path} hydrates without errors`, async ({ page }) => {
      await page.goto(path);
      await waitForHydration(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    });
  }

  test("the skip link moves keyboard focus to the content", async ({ page }) => {
    await page.goto("/study-guide");
    await waitForHydration(page);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });

  test("after a link's full page load, Reveal toggles in place", async ({ page }) => {
    await openBank(page);
    await waitForHydration(page);
    const before = page.url();
    await openQuestion(page, "Debugging Under Pressure");
    expect(page.url()).not.toBe(before);
    await waitForHydration(page);
    await revealStrongAnswer(page);
    // Toggled in place: no reload, so the URL carries no ?reveal.
    await expect(page).not.toHaveURL(/reveal=1/);
    await expect(page.getByText("etcdctl member add node6")).toBeVisible();
    await page.getByRole("button", { name: "Hide the strong answer" }).click();
    await expect(strongAnswer(page)).toBeHidden();
  });

  test("Reveal works from the keyboard", async ({ page }) => {
    await page.goto("/questions/distributed-rate-limiter");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Reveal the strong answer" }).focus();
    await page.keyboard.press("Enter");
    await expect(strongAnswer(page)).toBeVisible();
    await page.keyboard.press("Space");
    await expect(strongAnswer(page)).toBeHidden();
  });

  test("unknown filter values are explained next to the filter", async ({ page }) => {
    await page.goto("/?level=9");
    await waitForHydration(page);
    await expect(page.getByRole("alert")).toHaveText(
      "The link names a level that does not exist; showing every level.",
    );
    await expect(page.getByLabel("Level", { exact: true })).toHaveAccessibleDescription(/level that does not exist/);
    await expect(page.getByRole("link", { name: "Past Experience", exact: true })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("study a question with plain links and forms", async ({ page }) => {
    await studyCapInPractice(page, { javaScript: false });
    await expect(page).toHaveURL(/reveal=1/);
    await page.getByRole("button", { name: "Hide the strong answer" }).click();
    await expect(page).not.toHaveURL(/reveal=1/);
    await expect(strongAnswer(page)).toBeHidden();
  });

  test("filter by level", async ({ page }) => {
    await openBank(page);
    await page.getByLabel("Level", { exact: true }).selectOption({ label: "Behavioral + technical" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Behavioral + technical" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Past Experience", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "CAP in Practice", exact: true })).toHaveCount(0);
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page.getByRole("link", { name: "CAP in Practice", exact: true })).toBeVisible();
  });
});

test("a missing page answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/questions/no-such-question");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the question bank" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();
});

test("the study guide is one click from the header", async ({ page }) => {
  await openBank(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Study guide" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "How to Prepare" })).toBeVisible();
  await expect(page.getByText("Clarify requirements (5 seconds)")).toBeVisible();
});

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  const longBadValue = "m".repeat(60);
  for (const path of [
    "/",
    "/questions/quorum-loss-incident?reveal=1",
    "/study-guide",
    `/?level=${longBadValue}&concept=${longBadValue}`,
    `/search?q=${"consistency ".repeat(12)}`,
  ]) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

test("dark mode follows the system setting", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).toBe("rgb(21, 23, 26)");
  expect(light).toBe("rgb(251, 250, 247)");
});

test("every control has an accessible name and each page one h1", async ({ page }) => {
  for (const path of ["/", "/questions/cap-mysql-partition", "/study-guide", "/sign-up", "/sign-in", "/account"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    for (const control of await page.getByRole("button").all()) {
      await expect(control).toHaveAccessibleName(/\S/);
    }
    for (const control of await page.getByRole("combobox").all()) {
      await expect(control).toHaveAccessibleName(/\S/);
    }
    for (const link of await page.getByRole("link").all()) {
      await expect(link).toHaveAccessibleName(/\S/);
    }
  }
});

const DRILL = "/questions/p99-climbs-mean-flat-fanout-drill";
const DRILL_STEPS = ["What you see", "What the breakdown shows", "What the host shows"];

async function revealEveryStep(page: Page, javaScript: boolean) {
  const reveals = page.getByRole("heading", { name: "What an experienced engineer checks or decides" });
  for (const [index, title] of DRILL_STEPS.entries()) {
    const n = index + 1;
    await expect(page.getByRole("heading", { name: `Step ${n}: ${title}` })).toBeVisible();
    // One step at a time: the next step and this step's reveal wait for the learner.
    if (n < DRILL_STEPS.length) {
      await expect(page.getByRole("heading", { name: `Step ${n + 1}: ${DRILL_STEPS[n]}` })).toBeHidden();
    }
    await expect(reveals.locator("visible=true")).toHaveCount(index);
    await page.getByRole("button", { name: `Reveal step ${n}` }).click();
    await expect(reveals.locator("visible=true")).toHaveCount(n);
    if (javaScript) {
      await expect(page.locator(`#step-${n}-reveal`)).toBeFocused();
    } else {
      await expect(page).toHaveURL(new RegExp(`step=${n}#step-${n}-reveal$`));
    }
  }
  await expect(page.getByRole("status").filter({ hasText: "Every step is revealed" })).toBeVisible();
  // The strong answer and its sources come after the steps.
  await page.getByRole("button", { name: "Reveal the strong answer" }).click();
  await expect(page.getByRole("heading", { name: "Further reading" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Step 3: What the host shows" })).toBeVisible();
}

test.describe("an incident drill", () => {
  failOnBrowserProblems(test);

  test("reveals its steps one at a time with JavaScript", async ({ page }) => {
    await page.goto(DRILL);
    await waitForHydration(page);
    await revealEveryStep(page, true);
  });
});

test.describe("an incident drill without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("reveals its steps one at a time through the URL", async ({ page }) => {
    await page.goto(DRILL);
    await revealEveryStep(page, false);
  });
});

test.describe("search", () => {
  for (const javaScript of [true, false]) {
    test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test.use({ javaScriptEnabled: javaScript });

      test("from the header to a highlighted result and its question", async ({ page }) => {
        await openBank(page);
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
        await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
        await page.getByLabel("Search the bank").fill("fencing tokens");
        await page.getByRole("button", { name: "Search" }).click();
        await expect(page).toHaveURL(/q=fencing\+tokens/);
        const results = page.getByRole("region", { name: "Questions" });
        // A matched word is an element of its own (a <mark>) inside the snippet's text.
        await expect(results.getByText(/^(fencing|tokens?)$/i).first()).toBeVisible();
        await results.getByRole("link").first().click();
        await expect(page).toHaveURL(/\/questions\//);
      });

      test("a query made of markup is searched as text and shown as text", async ({ page }) => {
        await page.goto(`/search?q=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
        await expect(page.getByLabel("Search the bank")).toHaveValue("<img src=x onerror=alert(1)>");
        await expect(page.getByRole("img")).toHaveCount(0);
      });
    });
  }
});

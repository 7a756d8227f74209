import { test, expect, type Page } from "@playwright/test";
import {
  bankSize,
  PASSWORD,
  failOnBrowserProblems,
  newLearner,
  reviewLists,
  uniqueUsername,
  waitForHydration,
} from "./flows";

const QUESTION = "Trade-offs Explanation";
const SLUG = "performance-vs-scalability";

async function expectGraded(page: Page, rating: string) {
  await expect(page.getByRole("heading", { name: "Saved" })).toBeVisible();
  await expect(page.getByText(`You rated this ${rating}.`)).toBeVisible();
  // A miss comes back the same day; anything better, days later.
  const when =
    rating === "Again"
      ? /It comes back for review in \d+ (minutes|hours)/
      : /It comes back for review in \d+ days/;
  await expect(page.getByText(when)).toBeVisible();
}

async function expectLeftTodayForLater(page: Page) {
  const lists = await reviewLists(page);
  expect(lists.due).not.toContain(QUESTION);
  expect(lists.fresh).not.toContain(QUESTION);
  expect(lists.later).toEqual([QUESTION]);
}

test.describe("with JavaScript", () => {
  failOnBrowserProblems(test);

  test("a timed answer, revealed, ticked, rated Good and scheduled", async ({ page }) => {
    await page.clock.install();
    await newLearner(page);
    const questions = await bankSize(page);
    expect(questions).toBeGreaterThanOrEqual(60);
    const before = await reviewLists(page);
    expect(before.due).toEqual([]);
    expect(before.fresh[0]).toBe(QUESTION);
    expect(before.fresh).toHaveLength(questions);

    await page.getByRole("link", { name: QUESTION, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: QUESTION })).toBeVisible();
    await waitForHydration(page);

    // Timed mode walks the five steps against the wall clock. The page's clock stands still
    // while the timer is checked, so a slow machine cannot move it past a step between two
    // assertions; it flows again before the answer is sent.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    await page.getByRole("button", { name: "Start the timer" }).click();
    await expect(page.getByRole("textbox", { name: "Your answer" })).toBeFocused();
    await expect(page.getByText("Step 1 of 5: Clarify requirements", { exact: true })).toBeVisible();
    await expect(page.getByRole("timer")).toHaveText("5 s left");
    await page.clock.runFor(6_000);
    await expect(page.getByText("Step 2 of 5: State the trade-off", { exact: true })).toBeVisible();
    await expect(page.getByRole("timer")).toHaveText("9 s left");
    // A background tab fires few timers: the clock jumps 34 s with no tick in between, and
    // the next tick still shows the step of the wall clock (40.3 s in: step 3 of 5).
    const pageNow = await page.evaluate(() => Date.now());
    await page.clock.setSystemTime(pageNow + 34_000);
    await page.clock.runFor(300);
    await expect(page.getByText("Step 3 of 5: Argue both sides", { exact: true })).toBeVisible();
    await expect(page.getByRole("timer")).toHaveText("5 s left");
    await page.clock.resume();

    const answer = page.getByRole("textbox", { name: "Your answer" });
    await answer.fill(
      "Performance is how fast one request is; scalability is whether it stays fast under load.\n\n" +
        "- A single lock becomes the **bottleneck** as users grow.",
    );
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByText("bottleneck", { exact: true })).toBeVisible();

    await answer.press("Control+Enter");
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}\\?attempt=\\d+`));
    const heading = page.getByRole("heading", { level: 2, name: "Your attempt" });
    await expect(heading).toBeFocused();
    await expect(page.getByText(/· timed/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Strong answer" })).toBeVisible();
    const used = page.getByRole("region", { name: "Key terms" }).getByRole("list").first();
    await expect(used).toContainText("bottleneck");
    await expect(used).toContainText("scalability");

    // One of two rubric points ticked suggests Hard; the learner's choice (key 3) wins.
    await page.getByRole("checkbox", { name: "Can you articulate basic concepts clearly?" }).check();
    await expect(page.getByRole("radio", { name: /Hard/ })).toBeChecked();
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press("3");
    await expect(page.getByRole("radio", { name: /Good/ })).toBeChecked();
    await page.getByRole("button", { name: "Save this attempt" }).click();
    await expectGraded(page, "Good");
    const saved = page.getByRole("heading", { name: "Saved" });
    await expect(saved).toBeFocused();
    await expect(saved).toBeInViewport();
    await expect(page.getByText("Your ticks suggested Hard.")).toBeVisible();

    await expectLeftTodayForLater(page);
    await page.goto(`/questions/${SLUG}`);
    const history = page.getByRole("region", { name: "Your past attempts" });
    await expect(history.getByRole("listitem")).toHaveCount(1);
    await expect(history.getByRole("listitem")).toContainText("rated Good (3)");
    await expect(history.getByRole("listitem")).toContainText("timed");
  });

  test("a rating chosen before the page is interactive stays chosen", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    // The next page's bundle is held back until the learner has chosen.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/*.wasm", async (route) => {
      await released;
      await route.continue();
    });
    await page.getByRole("textbox", { name: "Your answer" }).fill("An answer, said out loud first.");
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page.getByRole("heading", { name: "Grade your answer" })).toBeVisible();
    await page.getByRole("radio", { name: /Hard/ }).check();
    release();
    await waitForHydration(page);
    await expect(page.getByRole("group", { name: "How did it go?" })).toHaveAccessibleDescription(
      /Suggested from your ticks/,
    );
    await expect(page.getByRole("radio", { name: /Hard/ })).toBeChecked();
  });

  test("skip writing reveals the strong answer for an answer given out loud", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    // Space, with nothing focused, is the reveal shortcut.
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press(" ");
    await expect(page.getByText("You skipped writing.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Key terms to listen for" })).toBeVisible();
    await page.getByRole("button", { name: "Save this attempt" }).click();
    await expectGraded(page, "Again");
  });

  test("signed out, a question invites sign-in and Space reveals", async ({ page }) => {
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    await expect(page.getByRole("link", { name: "create an account" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Your answer" })).toHaveCount(0);
    await page.keyboard.press(" ");
    await expect(page.getByRole("button", { name: "Hide the strong answer" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    // Creating an account from the invitation comes back to the question, ready to answer.
    await page.getByRole("link", { name: "create an account" }).click();
    await page.getByLabel("Username").fill(uniqueUsername("r"));
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}$`));
    await expect(page.getByRole("textbox", { name: "Your answer" })).toBeVisible();
  });
});

test.describe("with JavaScript, when the server refuses", () => {
  // The refusals are 400 and 401, which the browser logs; nothing else may be.
  failOnBrowserProblems(test, (text) => /status of 40[01]/.test(text));

  test("an answer sent after signing out elsewhere asks to sign in, and stays", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    await page.context().clearCookies();
    const answer = page.getByRole("textbox", { name: "Your answer" });
    await answer.fill("An answer written while the session ended.");
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page.getByRole("alert")).toHaveText("Please sign in to do that.");
    await expect(answer).toHaveValue("An answer written while the session ended.");
  });

  test("a refused answer is explained next to the box, and the box keeps it", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    const answer = page.getByRole("textbox", { name: "Your answer" });
    await answer.fill("   ");
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(answer).toHaveAttribute("aria-invalid", "true");
    await expect(answer).toHaveAccessibleDescription(/Write your answer first/);
    await expect(page.getByRole("alert")).toHaveText(/Write your answer first/);
    await expect(answer).toHaveValue("   ");
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}$`));
    // Corrected, the same form goes through.
    await answer.fill("Performance is one user; scalability is many.");
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}\\?attempt=\\d+`));
  });
});

test.describe("with JavaScript, when the server fails", () => {
  failOnBrowserProblems(test, (text) => text.includes("status of 500"));

  test("a failed submit keeps the answer and says what happened", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await waitForHydration(page);
    const answer = page.getByRole("textbox", { name: "Your answer" });
    await answer.fill("A long answer I must not lose.");
    await page.route("**/api/submit_answer", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: '"Internal"' }),
    );
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page.getByRole("alert")).toHaveText(/Something went wrong on our side/);
    await expect(answer).toHaveValue("A long answer I must not lose.");
    // Space with a draft in the box goes back to the draft; it does not submit it.
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press(" ");
    await expect(answer).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}$`));
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same loop as plain form posts", async ({ page }) => {
    await newLearner(page);
    await page.goto(`/questions/${SLUG}`);
    await expect(page.getByRole("button", { name: "Start the timer" })).toBeHidden();
    await page
      .getByRole("textbox", { name: "Your answer" })
      .fill("Performance is one user; scalability is many users under load.");
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page).toHaveURL(new RegExp(`/questions/${SLUG}\\?attempt=\\d+`));
    await expect(page.getByRole("heading", { name: "Strong answer" })).toBeVisible();
    await page.getByRole("checkbox", { name: "Can you articulate basic concepts clearly?" }).check();
    await page.getByRole("checkbox", { name: "Do you understand the practical implications?" }).check();
    await page.getByRole("radio", { name: /Good/ }).check();
    await page.getByRole("button", { name: "Save this attempt" }).click();
    await expectGraded(page, "Good");
    await expectLeftTodayForLater(page);
  });
});

test.describe("signed in, at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  async function expectUsable(page: Page) {
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const role of ["button", "link", "textbox", "checkbox", "radio"] as const) {
      for (const control of await page.getByRole(role).all()) {
        await expect(control).toHaveAccessibleName(/\S/);
      }
    }
  }

  test("the practice pages fit and name every control", async ({ page }) => {
    await newLearner(page);
    await page.goto("/questions/quorum-loss-incident");
    await expectUsable(page);
    await page.getByRole("button", { name: "Skip writing and reveal" }).click();
    await expect(page.getByRole("heading", { name: "Grade your answer" })).toBeVisible();
    await expectUsable(page);
    await page.getByRole("button", { name: "Save this attempt" }).click();
    await expect(page.getByRole("heading", { name: "Saved" })).toBeVisible();
    await expectUsable(page);
    for (const path of ["/review", "/help", "/account", "/sets"]) {
      await page.goto(path);
      await expectUsable(page);
    }
  });
});

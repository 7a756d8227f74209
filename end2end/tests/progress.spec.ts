import { test, expect, type Page } from "@playwright/test";
import {
  bankSize,
  PASSWORD,
  expectSignedInAs,
  failOnBrowserProblems,
  newLearner,
  uniqueUsername,
  waitForHydration,
} from "./flows";

async function answerAndGrade(page: Page, slug: string, rating: string) {
  await page.goto(`/questions/${slug}`);
  await page.getByRole("textbox", { name: "Your answer" }).fill("An answer, said out loud first.");
  await page.getByRole("button", { name: "Submit and reveal" }).click();
  await expect(page.getByRole("heading", { name: "Grade your answer" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(rating) }).check();
  await page.getByRole("button", { name: "Save this attempt" }).click();
  await expect(page.getByRole("heading", { name: "Saved" })).toBeVisible();
}

function card(page: Page, concept: string) {
  return page.getByRole("article", { name: concept });
}

test.describe("progress", () => {
  failOnBrowserProblems(test);
  // The browser's zone is what the account starts with.
  test.use({ timezoneId: "America/New_York" });

  test("two attempts show in their concepts, with a streak of one", async ({ page }, testInfo) => {
    // Signed up from the hydrated page, which sends the browser's time zone along.
    const username = uniqueUsername("d");
    await page.goto("/sign-up");
    await waitForHydration(page);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expectSignedInAs(page, username);
    await page.goto("/progress");
    await expect(page.getByRole("heading", { name: "Nothing here yet" })).toBeVisible();
    await page.getByRole("link", { name: "Choose your first question" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();

    await answerAndGrade(page, "performance-vs-scalability", "Good");
    await answerAndGrade(page, "log-aggregation-throughput", "Hard");
    // Each concept's size, as the bank lists it.
    const sizes = {
      perf: await bankSize(page, "performance-scalability"),
      latency: await bankSize(page, "latency-throughput"),
      cap: await bankSize(page, "cap"),
    };

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Progress" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your progress" })).toBeVisible();
    await waitForHydration(page);
    await expect(page.getByText(/Days are counted in your time zone, America\/New_York/)).toBeVisible();
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary.getByText("Current streak")).toBeVisible();
    await expect(summary.getByRole("definition").first()).toHaveText("1 day");
    await expect(summary.getByRole("definition").nth(2)).toHaveText("2");

    await expect(card(page, "Performance vs scalability")).toContainText(`Coverage: 1 of ${sizes.perf} questions attempted`);
    await expect(card(page, "Performance vs scalability")).toContainText("Good");
    await expect(card(page, "Latency vs throughput")).toContainText(`Coverage: 1 of ${sizes.latency} questions attempted`);
    await expect(card(page, "Latency vs throughput")).toContainText("Hard");
    await expect(card(page, "CAP and consistency")).toContainText(`Coverage: 0 of ${sizes.cap} questions attempted`);

    // Every chart is an image with a summary a screen reader reads out.
    for (const chart of await page.locator("svg.chart").all()) {
      await expect(chart).toHaveAttribute("role", "img");
      await expect(chart).toHaveAttribute("aria-label", /\S/);
    }
    await expect(page.getByText("2 attempts on 1 day in the last 12 months")).toBeVisible();
    await expect(page.getByRole("list").filter({ hasText: "chance of recall" }).getByRole("listitem")).toHaveCount(2);

    const shot = testInfo.outputPath("dashboard.png");
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("dashboard", { path: shot, contentType: "image/png" });

    // A concept's page gives each question a status.
    await card(page, "Latency vs throughput").getByRole("link", { name: "Latency vs throughput" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Latency vs throughput" })).toBeVisible();
    const row = page.getByRole("row", { name: /Latency vs Throughput/ });
    await expect(row).toContainText("Learning");
    await expect(row).toContainText("Hard");
    await expect(
      page.getByText(`${sizes.latency} questions: ${sizes.latency - 1} new, 1 learning, 0 due, 0 mastered.`),
    ).toBeVisible();
  });

  test("at 360 px the dashboard fits and dark mode applies", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ colorScheme: "dark" });
    await newLearner(page);
    await answerAndGrade(page, "cap-mysql-partition", "Easy");
    await page.goto("/progress");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const fill = await page.locator("svg.chart .bar").first().evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe("rgb(124, 183, 255)");
    // The calendar scrolls inside its frame, which the keyboard can reach.
    await expect(page.getByRole("group", { name: /Calendar of the last 12 months/ })).toHaveAttribute("tabindex", "0");
  });
});

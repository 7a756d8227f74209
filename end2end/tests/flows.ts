// Steps a learner takes, shared by the tests with and without JavaScript.
import { expect, type Page, test as playwrightTest } from "@playwright/test";

/**
 * Fails each test of the calling `describe` on any page error or console error (which also
 * catches Content-Security-Policy violations). `allowed` lets a test suite name console
 * errors it causes on purpose.
 */
export function failOnBrowserProblems(
  test: typeof playwrightTest,
  allowed: (text: string) => boolean = () => false,
) {
  let problems: string[] = [];
  test.beforeEach(async ({ page }) => {
    problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !allowed(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
  });
  test.afterEach(() => {
    expect(problems).toEqual([]);
  });
}

/**
 * Collects page errors and console errors of a page opened from a context of the test's own
 * (which `failOnBrowserProblems`, watching the default page, does not see).
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

export async function openBank(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();
}

export async function filterByConcept(page: Page, concept: string) {
  await page.getByLabel("Concept", { exact: true }).selectOption({ label: concept });
  await page.getByRole("button", { name: "Apply filters" }).click();
}

export async function openQuestion(page: Page, title: string) {
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

export async function revealStrongAnswer(page: Page) {
  const reveal = page.getByRole("button", { name: "Reveal the strong answer" });
  await expect(reveal).toHaveAttribute("aria-expanded", "false");
  await reveal.click();
  await expect(page.getByRole("button", { name: "Hide the strong answer" })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
}

/** Waits until the wasm bundle has hydrated the page (the app marks <body> when done). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** A username no other test uses (3–32 characters of the allowed set). */
export function uniqueUsername(prefix = "u"): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

export const PASSWORD = "rehearse out loud every evening";

async function fillCredentials(page: Page, username: string, password: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
}

export async function signUp(page: Page, username: string, password = PASSWORD) {
  await page.goto("/sign-up");
  await fillCredentials(page, username, password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await fillCredentials(page, username, password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The header names who is signed in, with a link to their account. */
export async function expectSignedInAs(page: Page, username: string) {
  const header = page.getByRole("banner");
  await expect(header.getByText("Signed in as")).toBeVisible();
  await expect(header.getByRole("link", { name: username, exact: true })).toBeVisible();
  await expect(header.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function expectSignedOut(page: Page) {
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign up", exact: true })).toBeVisible();
}

/** Signs up a fresh learner and returns their username. */
export async function newLearner(page: Page): Promise<string> {
  const username = uniqueUsername("p");
  await signUp(page, username);
  await expectSignedInAs(page, username);
  return username;
}

/** The review page's lists, each as the question titles it shows, in order. */
export async function reviewLists(page: Page) {
  await page.goto("/review");
  await expect(page.getByRole("heading", { level: 1, name: "Review" })).toBeVisible();
  const titles = async (name: RegExp) => {
    const list = page.getByRole("list", { name });
    if ((await list.count()) === 0) return [];
    return list.locator(".queue-title").allTextContents();
  };
  return {
    due: await titles(/^Due/),
    fresh: await titles(/^New/),
    later: await titles(/^Coming up/),
  };
}

/** How many questions the bank lists, in all or for one concept (a slug such as `cap`). */
export async function bankSize(page: Page, concept?: string): Promise<number> {
  await page.goto(concept ? `/?concept=${concept}` : "/");
  await expect(page.getByRole("heading", { level: 1, name: "Question bank" })).toBeVisible();
  return page.locator("ol.question-list > li").count();
}

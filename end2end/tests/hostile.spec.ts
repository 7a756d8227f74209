// Learner text that carries markup, in a real browser: a set's title and description, and an
// answer, each written to break out of where it lands (<title>, <textarea>, an attribute).
// Each must read back as the very text typed, and nothing in it may become an element: an
// injected <meta http-equiv="refresh"> would move the page, an injected <script> would show
// up as a CSP violation, which `failOnBrowserProblems` turns into a failure.
import { test, expect, type Page } from "@playwright/test";
import { failOnBrowserProblems, newLearner, waitForHydration } from "./flows";

const TITLE = 'T</title><meta http-equiv="refresh" content="0;url=/sign-in?phished=1">';
const DESCRIPTION = '</textarea><script>alert("description")</script><b id="inj">"x" \'y\' &amp;</b>';
const ANSWER = '</textarea></pre><script>alert("answer")</script><img src=x id="inj-answer">';

/** Nothing the learner typed became an element, and the page did not move. */
async function expectInert(page: Page, path: RegExp) {
  await expect(page.locator("meta[http-equiv]")).toHaveCount(0);
  await expect(page.locator("#inj, #inj-answer")).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelectorAll("script:not([src]):not([nonce])").length)).toBe(0);
  expect(new URL(page.url()).pathname).toMatch(path);
  expect(page.url()).not.toContain("phished");
}

test.describe("hostile learner text", () => {
  failOnBrowserProblems(test);

  test("a set's title and description stay text everywhere", async ({ browser, page }) => {
    await newLearner(page);
    await page.goto("/sets");
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Description (optional)").fill(DESCRIPTION);
    await page.getByRole("button", { name: "Create the set" }).click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await waitForHydration(page);
    await expectInert(page, /^\/sets\/\d+$/);
    expect(await page.title()).toBe(`${TITLE} · Rehearse`);
    // The edit form gives back exactly what was typed: the textarea and the value attribute.
    await expect(page.getByLabel("Description (optional)")).toHaveValue(DESCRIPTION);
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue(TITLE);

    // Reloaded, the server's markup alone (before hydration patches anything) is inert.
    await page.reload();
    await expectInert(page, /^\/sets\/\d+$/);
    await expect(page.getByLabel("Description (optional)")).toHaveValue(DESCRIPTION);

    // A signed-out visitor of the share link, with JavaScript off: no script can repair
    // what the server sent.
    await page.getByRole("button", { name: "Create a share link" }).click();
    const link = page.getByRole("link", { name: /^\/join\// });
    const joinPath = (await link.getAttribute("href")) ?? "";
    const visitor = await browser.newContext({ javaScriptEnabled: false });
    const v = await visitor.newPage();
    await v.goto(joinPath);
    await expect(v.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expectInert(v, /^\/join\//);
    expect(await v.title()).toBe(`${TITLE} · Rehearse`);
    await visitor.close();
  });

  test("an answer with markup reads back as typed", async ({ page }) => {
    await newLearner(page);
    await page.goto("/questions/performance-vs-scalability");
    await waitForHydration(page);
    await page.getByRole("textbox", { name: "Your answer" }).fill(ANSWER);
    await page.getByRole("button", { name: "Submit and reveal" }).click();
    await expect(page.getByRole("heading", { name: "Your attempt" })).toBeVisible();
    await expectInert(page, /^\/questions\/performance-vs-scalability$/);
    await page.reload();
    await expectInert(page, /^\/questions\/performance-vs-scalability$/);
    await expect(page.getByText('alert("answer")')).toBeVisible();
  });
});

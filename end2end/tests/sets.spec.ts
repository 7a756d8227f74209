import { test, expect, type Page } from "@playwright/test";
import {
  PASSWORD,
  expectSignedInAs,
  failOnBrowserProblems,
  newLearner,
  uniqueUsername,
  waitForHydration,
  watchForProblems,
} from "./flows";

const FIRST = "Trade-offs Explanation";
const SECOND = "CAP in Practice";
const THIRD = "Latency vs Throughput";

async function createSet(page: Page, title: string) {
  await page.goto("/sets");
  await expect(page.getByRole("heading", { level: 1, name: "Practice sets" })).toBeVisible();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description (optional)").fill("Say each answer **out loud** first.");
  await page.getByRole("button", { name: "Create the set" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Set created" })).toBeVisible();
}

async function addQuestion(page: Page, title: string) {
  await page.getByLabel("Add a question").selectOption({ label: title });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("list").filter({ hasText: title }).getByRole("link", { name: title })).toBeVisible();
}

/** The set's questions, in order, as the page lists them. */
async function questionOrder(page: Page) {
  return page.locator(".set-questions > li > a").allTextContents();
}

test.describe("practice sets, when the server refuses", () => {
  // The refusal is a 400, which the browser logs; nothing else may be.
  failOnBrowserProblems(test, (text) => text.includes("status of 400"));

  test("a refused new set keeps its description and says what is wrong", async ({ page }) => {
    await newLearner(page);
    await page.goto("/sets");
    await waitForHydration(page);
    const title = page.getByLabel("Title");
    const description = page.getByLabel("Description (optional)");
    // A title of spaces passes the browser's `required` and is refused by the server.
    await title.fill("   ");
    await description.fill("A long description **I do not want to type twice**.");
    await page.getByRole("button", { name: "Create the set" }).click();
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription(/Give the set a title/);
    await expect(description).toHaveValue("A long description **I do not want to type twice**.");
    await expect(page).toHaveURL(/\/sets$/);
    await title.fill("CAP before Friday");
    await page.getByRole("button", { name: "Create the set" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "CAP before Friday" })).toBeVisible();
    await expect(page.getByText("I do not want to type twice", { exact: true })).toBeVisible();
  });
});

test.describe("practice sets", () => {
  failOnBrowserProblems(test);

  test("a set is shared, joined, practised, reviewed and revoked", async ({ browser }) => {
    const owner = await browser.newContext();
    const a = await owner.newPage();
    const aProblems = watchForProblems(a);
    const ownerName = await newLearner(a);
    await createSet(a, "CAP before Thursday");
    await waitForHydration(a);
    await addQuestion(a, FIRST);
    await addQuestion(a, SECOND);
    await a.getByRole("button", { name: `Move up “${SECOND}”` }).click();
    await expect.poll(() => questionOrder(a)).toEqual([SECOND, FIRST]);
    // The move is announced, and focus stays with the moved question (now at the top, so on
    // its "Move down").
    await expect(a.getByRole("status").filter({ hasText: `Moved “${SECOND}” up.` })).toBeAttached();
    await expect(a.getByRole("button", { name: `Move down “${SECOND}”` })).toBeFocused();

    await a.getByRole("button", { name: "Create a share link" }).click();
    const link = a.getByRole("link", { name: /^\/join\// });
    await expect(link).toBeVisible();
    const joinPath = (await link.getAttribute("href")) ?? "";
    expect(joinPath).toMatch(/^\/join\/[A-Za-z0-9_-]{22}$/);
    await owner.grantPermissions(["clipboard-read", "clipboard-write"]);
    await a.getByRole("button", { name: "Copy the link" }).click();
    await expect(a.getByText("Link copied.")).toBeVisible();
    const copied = await a.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).pathname).toBe(joinPath);

    // B opens the link signed out, signs up from it and comes back to join.
    const peer = await browser.newContext();
    const b = await peer.newPage();
    // B's share link 404s on purpose at the end: that one console error is expected.
    const bProblems = watchForProblems(b);
    await b.goto(joinPath);
    await expect(b.getByRole("heading", { level: 1, name: "CAP before Thursday" })).toBeVisible();
    await expect(b.getByText(`Shared by ${ownerName}`)).toBeVisible();
    await b.getByRole("link", { name: "Create an account" }).click();
    const peerName = uniqueUsername("b");
    await b.getByLabel("Username").fill(peerName);
    await b.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await b.getByRole("button", { name: "Create account" }).click();
    await expectSignedInAs(b, peerName);
    await expect(b).toHaveURL(new RegExp(`${joinPath}$`));
    await b.getByRole("button", { name: "Join the set" }).click();
    await expect(b.getByRole("status").filter({ hasText: "You joined the set" })).toBeVisible();
    const setPath = new URL(b.url()).pathname;

    // B practises the set's first question from the set, then opts in to share progress.
    await b.getByRole("link", { name: SECOND, exact: true }).click();
    await b.getByRole("textbox", { name: "Your answer" }).fill("Consistency or availability, per feature.");
    await b.getByRole("button", { name: "Submit and reveal" }).click();
    await b.getByRole("radio", { name: /Good/ }).check();
    await b.getByRole("button", { name: "Save this attempt" }).click();
    await expect(b.getByRole("heading", { name: "Saved" })).toBeVisible();
    await b.goto(setPath);
    await expect(b.getByText("Your last grade: Good")).toBeVisible();
    await b.getByLabel(/Show my grades on this set’s questions/).check();
    await b.getByRole("button", { name: "Save my choice" }).click();
    const bTable = b.getByRole("table");
    await expect(bTable).toContainText(`${peerName} (you)`);

    // A sees B's progress.
    await a.reload();
    const table = a.getByRole("table");
    await expect(table.getByRole("row", { name: new RegExp(peerName) })).toContainText("Good");

    // B shares the answer; A scores it with the rubric; B sees the score.
    await b.getByLabel("Share one of my answers").selectOption({ index: 0 });
    await b.getByRole("button", { name: "Share for review" }).click();
    await expect(b.getByRole("heading", { level: 1, name: SECOND })).toBeVisible();
    await expect(b.getByText("No reviews yet.")).toBeVisible();
    const answerUrl = b.url();

    await a.reload();
    await a.getByRole("region", { name: "Progress of members who share it" }).waitFor();
    await a.getByRole("link", { name: SECOND, exact: true }).last().click();
    await expect(a.getByText("Consistency or availability, per feature.")).toBeVisible();
    const rubric = a.getByRole("group", { name: "Tick what the answer shows" });
    await rubric.getByRole("checkbox").first().check();
    await a.getByLabel("Comment (optional)").fill("Name the partition you expect first.");
    await a.getByRole("button", { name: "Save my review" }).click();
    await expect(a.getByRole("status").filter({ hasText: "Review saved" })).toBeVisible();

    await b.goto(answerUrl);
    await expect(b.getByText(/Your self-rating: Good/)).toBeVisible();
    await expect(b.getByText(new RegExp(`${ownerName}: 1 of \\d+ rubric items`))).toBeVisible();
    await expect(b.getByText("Name the partition you expect first.")).toBeVisible();

    // A revokes the link: B's copy of it is now a 404 that says what happened.
    await a.goto(setPath);
    await a.getByRole("button", { name: "Revoke the link" }).click();
    await expect(a.getByRole("status").filter({ hasText: "The link is revoked" })).toBeVisible();
    const response = await b.goto(joinPath);
    expect(response?.status()).toBe(404);
    await expect(b.getByRole("heading", { level: 1, name: "This link does not open a set" })).toBeVisible();
    // B is still in the set.
    await b.goto("/sets");
    await expect(b.getByRole("link", { name: "CAP before Thursday" })).toBeVisible();

    expect(aProblems).toEqual([]);
    expect(bProblems.filter((p) => !p.includes("404"))).toEqual([]);
    await owner.close();
    await peer.close();
  });
});

test.describe("practice sets without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

  test("the owner adds, reorders and removes questions with plain forms", async ({ page }) => {
    await newLearner(page);
    await createSet(page, "Plain forms");
    await addQuestion(page, FIRST);
    await addQuestion(page, SECOND);
    await addQuestion(page, THIRD);
    await page.getByRole("button", { name: `Move down “${FIRST}”` }).click();
    await expect.poll(() => questionOrder(page)).toEqual([SECOND, FIRST, THIRD]);
    await page.getByRole("button", { name: `Remove “${THIRD}”` }).click();
    await expect.poll(() => questionOrder(page)).toEqual([SECOND, FIRST]);
    // The first can't move up, the last can't move down.
    await expect(page.getByRole("button", { name: `Move up “${SECOND}”` })).toBeDisabled();
    await expect(page.getByRole("button", { name: `Move down “${FIRST}”` })).toBeDisabled();

    // A bad title is named next to its field and nothing changes.
    await page.getByLabel("Title").fill(" ");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("alert")).toContainText("Give the set a title");
    await expect(page.getByRole("heading", { level: 1, name: "Plain forms" })).toBeVisible();

    // Usable at 360 px: the page never scrolls sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Every control has a name.
    for (const role of ["button", "link", "textbox", "checkbox", "combobox"] as const) {
      for (const control of await page.getByRole(role).all()) {
        await expect(control).toHaveAccessibleName(/\S/);
      }
    }
  });
});

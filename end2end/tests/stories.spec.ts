import { test, expect, type Page } from "@playwright/test";
import {
  failOnBrowserProblems,
  newLearner,
  reviewLists,
  waitForHydration,
} from "./flows";

const CAP_STORY_QUESTION = "consistency-vs-availability-story";

interface Story {
  title: string;
  kind: RegExp;
  concept?: string;
  situation: string;
  result: string;
}

/** A word no other test writes, so a search finds only this test's story. */
function uniqueWord(): string {
  return `quokka${Math.random().toString(36).slice(2, 8)}`;
}

async function writeStory(page: Page, story: Story, path = "/stories/new") {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Write a story" })).toBeVisible();
  await page.getByRole("textbox", { name: "Title" }).fill(story.title);
  await page.getByRole("radio", { name: story.kind }).check();
  if (story.concept) await page.getByRole("checkbox", { name: story.concept }).check();
  await page.getByRole("textbox", { name: "Situation and constraints" }).fill(story.situation);
  await page.getByRole("textbox", { name: "The result, with numbers" }).fill(story.result);
  await page.getByRole("button", { name: "Save the story" }).click();
  await expect(page).toHaveURL(/\/stories\/\d+\?saved=1$/);
  await expect(page.getByRole("heading", { level: 1, name: story.title })).toBeVisible();
  return page.url().match(/\/stories\/(\d+)/)![1];
}

test.describe("with JavaScript", () => {
  failOnBrowserProblems(test);

  test("three stories written, one rehearsed from a level-4 question, back in Review, found by search, and nobody else's", async ({
    page,
    browser,
  }) => {
    await newLearner(page);
    const word = uniqueWord();
    await page.goto("/study-guide");
    await expect(page.getByRole("heading", { name: /three stories: 0 of 3 ready/ })).toBeVisible();

    const ledger = `Ledger writes during the failover (${word})`;
    const id = await writeStory(page, {
      title: ledger,
      kind: /chose consistency/,
      concept: "CAP and consistency",
      situation: `A payments ledger; a regulator forbids double spending. The ${word} cluster.`,
      result: "Eleven minutes of refused writes, zero reconciliation tickets.",
    });
    await writeStory(
      page,
      {
        title: "Carts stay writable in a partition",
        kind: /chose availability/,
        situation: "Shopping carts in two regions.",
        result: "No lost carts; 0.1 % merged by hand.",
      },
      "/stories/new?kind=availability",
    );
    await writeStory(page, {
      title: "The report that scanned everything",
      kind: /performance vs scalability/,
      situation: "A nightly report took the primary down.",
      result: "p99 from 4 s to 180 ms after moving it to a replica.",
    });
    await page.goto("/stories");
    await expect(page.locator("ul.story-list > li")).toHaveCount(3);
    await expect(page.getByText(/not rehearsed yet/).first()).toBeVisible();

    // The level-4 question offers the consistency story; rehearse it against the clock.
    await page.goto(`/questions/${CAP_STORY_QUESTION}`);
    const offers = page.getByRole("region", { name: "Your stories" });
    await offers.getByRole("link", { name: `Rehearse “${ledger}”` }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Rehearse your story" })).toBeVisible();
    await expect(page.getByText("Told as your answer to")).toBeVisible();
    await waitForHydration(page);
    await page.getByText("Your story as written").click();
    await expect(page.getByText("a regulator forbids double spending")).toBeVisible();
    await page.getByRole("button", { name: "Start the timer" }).click();
    await expect(page.getByText("Step 1 of 5: State the constraint", { exact: true })).toBeVisible();
    const notes = page.getByRole("textbox", { name: "Notes on how it went (optional)" });
    await expect(notes).toBeFocused();
    await notes.fill("Forgot the checkout figure.");
    for (const item of [
      "States the constraint that forced the choice",
      "Names the trade-off: what was given up for what",
      "Gives a measured result, with numbers",
    ]) {
      await page.getByRole("checkbox", { name: item }).check();
    }
    // Three of five suggest Hard; the learner says Good.
    await expect(page.getByRole("radio", { name: /Hard/ })).toBeChecked();
    await page.getByRole("radio", { name: /Good/ }).check();
    await page.getByRole("button", { name: "Save this rehearsal" }).click();
    await expect(page).toHaveURL(new RegExp(`/stories/${id}\\?rehearsed=1#rehearsals$`));
    await expect(page.getByText(/Rehearsal saved. The story comes back for review in \d+ days/)).toBeVisible();
    const rehearsals = page.getByRole("region", { name: "Rehearsals (1)" });
    await expect(rehearsals).toContainText("Good");
    await expect(rehearsals).toContainText("timed");
    await expect(rehearsals).toContainText("3 of 5 rubric points");
    await expect(rehearsals.getByRole("link", { name: "Past Experience" })).toBeVisible();

    // Review lists it with the stories coming up; the guide counts it ready.
    const lists = await reviewLists(page);
    expect(lists.later).toEqual([]);
    const stories = page.getByRole("list", { name: "Stories (1)" });
    await expect(stories).toContainText(ledger);
    await expect(stories).toContainText("Chose consistency");
    await page.goto("/study-guide");
    await expect(page.getByRole("heading", { name: /three stories: 1 of 3 ready/ })).toBeVisible();

    // Found again by a word in it, from the search form.
    await page.goto("/search");
    await page.getByRole("searchbox", { name: "Search the bank" }).fill(word);
    await page.getByRole("searchbox", { name: "Search the bank" }).press("Enter");
    const mine = page.getByRole("region", { name: "My stories" });
    await expect(mine.getByRole("link", { name: ledger })).toBeVisible();
    await expect(mine.locator("mark").first()).toHaveText(new RegExp(word, "i"));

    // Another learner's search never finds it, and its page is not theirs to see.
    const other = await browser.newContext();
    const stranger = await other.newPage();
    await newLearner(stranger);
    await stranger.goto(`/search?q=${word}`);
    await expect(stranger.getByRole("region", { name: "My stories" })).toContainText(
      "None of your stories match.",
    );
    await expect(stranger.getByRole("link", { name: ledger })).toHaveCount(0);
    const response = await stranger.goto(`/stories/${id}`);
    expect(response?.status()).toBe(404);
    await other.close();
  });

});

test.describe("with JavaScript, refusals", () => {
  // A refused post answers 400, which the browser logs; that is the point of this test.
  failOnBrowserProblems(test, (text) => /status of 400/.test(text));

  test("an edit keeps the text it replaced, and deleting asks first", async ({ page }) => {
    await newLearner(page);
    const id = await writeStory(page, {
      title: "Queue instead of sync calls",
      kind: /performance vs scalability/,
      situation: "Checkout called five services in a row.",
      result: "p99 from 2.1 s to 300 ms.",
    });
    await waitForHydration(page);
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByText("You are editing version 1.", { exact: false })).toBeVisible();
    await page.getByRole("textbox", { name: "The result, with numbers" }).fill("p99 from 2.1 s to 280 ms; errors halved.");
    await page.getByRole("button", { name: "Save the story" }).click();
    await expect(page.getByText("Saved as version 2.", { exact: false })).toBeVisible();
    await page.getByRole("link", { name: /^Version 1:/ }).click();
    await expect(page.getByText("You are reading version 1 of 2", { exact: false })).toBeVisible();
    await expect(page.getByText("p99 from 2.1 s to 300 ms.")).toBeVisible();

    await page.goto(`/stories/${id}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Delete the story" }).click();
    const confirm = page.getByRole("checkbox", { name: /Delete this story/ });
    await expect(confirm).toHaveAccessibleDescription(/Tick the box to confirm/);
    await confirm.check();
    await page.getByRole("button", { name: "Delete the story" }).click();
    await expect(page).toHaveURL(/\/stories\?deleted=1$/);
    await expect(page.getByText("The story was deleted.")).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("stories are written, refused, rehearsed and searched as plain form posts", async ({ page }) => {
    await newLearner(page);
    const word = uniqueWord();
    // Only an invisible character: the browser lets it through, the server names the field.
    await page.goto("/stories/new?kind=consistency");
    await expect(page.getByRole("radio", { name: /chose consistency/ })).toBeChecked();
    await page.getByRole("textbox", { name: "Title" }).fill("\u200b");
    await page.getByRole("button", { name: "Save the story" }).click();
    await expect(page.getByRole("textbox", { name: "Title" })).toHaveAccessibleDescription(
      /Give the story a title/,
    );

    const title = `Fencing the old leader (${word})`;
    const id = await writeStory(page, {
      title,
      kind: /chose consistency/,
      situation: `A lease-based leader on ${word} nodes.`,
      result: "No split brain in two years.",
    });
    await page.getByRole("link", { name: "Rehearse it" }).click();
    await expect(page.getByRole("button", { name: "Start the timer" })).toBeHidden();
    await page.getByRole("checkbox", { name: "Says what was monitored to know it worked" }).check();
    await page.getByRole("radio", { name: /Easy/ }).check();
    await page.getByRole("button", { name: "Save this rehearsal" }).click();
    await expect(page).toHaveURL(new RegExp(`/stories/${id}\\?rehearsed=1`));
    await expect(page.getByRole("region", { name: "Rehearsals (1)" })).toContainText("Easy");

    await page.goto(`/search?q=${word}`);
    await expect(
      page.getByRole("region", { name: "My stories" }).getByRole("link", { name: title }),
    ).toBeVisible();
  });
});

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  async function expectUsable(page: Page) {
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const role of ["button", "link", "textbox", "checkbox", "radio", "searchbox"] as const) {
      for (const control of await page.getByRole(role).all()) {
        await expect(control).toHaveAccessibleName(/\S/);
      }
    }
  }

  test("the story pages fit and name every control", async ({ page }) => {
    await newLearner(page);
    const id = await writeStory(page, {
      title: "A deliberately long story title that has to wrap on a narrow phone screen",
      kind: /Another trade-off/,
      situation: "Narrow.",
      result: "Fits.",
    });
    for (const path of [
      "/stories",
      "/stories/new",
      `/stories/${id}`,
      `/stories/${id}/edit`,
      `/stories/${id}/rehearse`,
      "/search?q=narrow",
    ]) {
      await page.goto(path);
      await expectUsable(page);
    }
  });
});

test.describe("the header's search field", () => {
  failOnBrowserProblems(test);

  test("/ focuses it from any page, and Enter searches", async ({ page }) => {
    await page.goto("/help");
    await page.keyboard.press("/");
    const field = page.getByRole("searchbox", { name: "Search Rehearse" });
    await expect(field).toBeFocused();
    await field.fill("fencing token");
    await field.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=fencing\+token/);
    await expect(page.getByRole("region", { name: "Questions" }).getByRole("link").first()).toBeVisible();
    // Typed into a field, "/" is a character, not a shortcut.
    const box = page.getByRole("searchbox", { name: "Search the bank" });
    await box.fill("a");
    await box.press("/");
    await expect(box).toHaveValue("a/");
  });
});

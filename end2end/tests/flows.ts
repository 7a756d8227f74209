// Steps a learner takes, shared by the tests with and without JavaScript.
import { expect, type Page } from "@playwright/test";

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

import { test, expect } from "@playwright/test";
import {
  PASSWORD,
  expectSignedInAs,
  expectSignedOut,
  failOnBrowserProblems,
  signIn,
  signUp,
  uniqueUsername,
  waitForHydration,
} from "./flows";

test.describe("with JavaScript", () => {
  // The browser logs failed requests; a refused sign-in (4xx) is one on purpose.
  failOnBrowserProblems(test, (text) => text.includes("status of 4"));

  test("sign up, reload, sign out and sign in again", async ({ page }) => {
    const username = uniqueUsername();
    await page.goto("/sign-up");
    await waitForHydration(page);
    await signUpHere(page, username);
    await expect(page).toHaveURL(/\/$/);
    await expectSignedInAs(page, username);

    await page.reload();
    await waitForHydration(page);
    await expectSignedInAs(page, username);

    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);
    await page.reload();
    await expectSignedOut(page);

    await page.goto("/sign-in");
    await waitForHydration(page);
    await page.getByLabel("Username").fill(username.toUpperCase());
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectSignedInAs(page, username);
  });

  test("sign-up problems are explained next to the field", async ({ page }) => {
    const taken = uniqueUsername("t");
    await signUp(page, taken);
    await expectSignedInAs(page, taken);
    await page.context().clearCookies();

    await page.goto("/sign-up");
    await waitForHydration(page);
    await page.getByLabel("Username").fill(taken.toUpperCase());
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    const username = page.getByLabel("Username");
    await expect(username).toHaveAttribute("aria-invalid", "true");
    await expect(username).toHaveAccessibleDescription(/That username is taken/);
    await expect(page.getByRole("alert")).toHaveText(/That username is taken/);
    // The form was posted in place: what was typed is still there.
    await expect(username).toHaveValue(taken.toUpperCase());
    await expect(page).toHaveURL(/\/sign-up$/);

    await username.fill(uniqueUsername());
    await page.getByLabel("Password", { exact: true }).fill("password1");
    await page.getByRole("button", { name: "Create account" }).click();
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveAccessibleDescription(/most common passwords/);
    await expect(password).toHaveValue("password1");
    await expect(page.getByLabel("Username")).not.toHaveAttribute("aria-invalid", "true");
    await expectSignedOut(page);
  });

  test("the password hint says, as one types, what the server will say", async ({ page }) => {
    await page.goto("/sign-up");
    await waitForHydration(page);
    await page.getByLabel("Username").fill(uniqueUsername("h"));
    const password = page.getByLabel("Password", { exact: true });
    const hint = page.locator("#sign-up-strength");
    await password.pressSequentially("Password123!");
    await expect(hint).toHaveText(/^Not accepted: This password would be easy to guess/);
    await password.fill("");
    await password.pressSequentially(PASSWORD);
    await expect(hint).toHaveText(/^(Strong|Accepted)/);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("banner").getByText("Signed in as")).toBeVisible();
  });

  test("a wrong password gets one plain message", async ({ page }) => {
    const username = uniqueUsername();
    await signUp(page, username);
    await expectSignedInAs(page, username);
    await page.context().clearCookies();

    await page.goto("/sign-in");
    await waitForHydration(page);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(
      "That username and password do not match an account.",
    );
    await expectSignedOut(page);
  });

  test("a form saved twice loads the page again each time", async ({ page }) => {
    const username = uniqueUsername();
    await signUp(page, username);
    await expectSignedInAs(page, username);
    await page.goto("/account");
    await waitForHydration(page);
    const zone = page.getByRole("combobox", { name: "Time zone" });
    const save = page.getByRole("button", { name: "Save the time zone" });
    for (const name of ["Europe/Berlin", "Asia/Tokyo"]) {
      // A mark on this document: a new page load does not have it.
      await page.evaluate(() => ((window as unknown as { mark: boolean }).mark = true));
      await zone.fill(name);
      const loaded = page.waitForEvent("load");
      await save.click();
      await loaded;
      expect(await page.evaluate(() => (window as unknown as { mark?: boolean }).mark ?? false)).toBe(
        false,
      );
      await expect(page.getByRole("status").filter({ hasText: "Time zone saved." })).toBeVisible();
      await expect(zone).toHaveValue(name);
      await waitForHydration(page);
      await expect(save).toBeEnabled();
    }
  });

  test("change the password, then delete the account", async ({ page }) => {
    const username = uniqueUsername();
    await signUp(page, username);
    await expectSignedInAs(page, username);
    await page.getByRole("banner").getByRole("link", { name: username }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await waitForHydration(page);

    const newPassword = "a longer passphrase for the interview";
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toHaveText(/Password changed/);

    await page.getByLabel("Password", { exact: true }).fill("wrong one entirely");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(
      /not your current password/,
    );
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByText("Your account and everything stored with it were deleted.")).toBeVisible();
    await expectSignedOut(page);

    await signIn(page, username, newPassword);
    await expect(page.getByRole("alert")).toHaveText(
      "That username and password do not match an account.",
    );
  });
});

async function signUpHere(page: import("@playwright/test").Page, username: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign up, see a problem, then succeed", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Username").fill("ab");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/sign-up/);
    await expect(page.getByLabel("Username")).toHaveAccessibleDescription(
      /A username needs at least 3 characters/,
    );

    const username = uniqueUsername();
    await signUpHere(page, username);
    await expect(page).toHaveURL(/\/$/);
    await expectSignedInAs(page, username);
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);
    await signIn(page, username);
    await expectSignedInAs(page, username);
  });
});

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the account pages do not scroll sideways", async ({ page }) => {
    const username = uniqueUsername("wide");
    await signUp(page, username);
    // The sign-up lands on the bank by itself; going elsewhere before it has would interrupt
    // that navigation.
    await expectSignedInAs(page, username);
    for (const path of ["/", "/sign-up", "/sign-in", "/account"]) {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

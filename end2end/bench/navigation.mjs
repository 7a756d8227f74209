// What a click on a link costs a learner, page to page, measured in Debian's Chromium: from
// the click until the next page's heading is on screen, repeated and summarised (median and
// 90th percentile). Runs against one or more servers given as label=URL, side by side in one
// run, so a before/after comparison shares the machine's state.
//
// Usage: node end2end/bench/navigation.mjs before=http://127.0.0.1:3020 after=http://127.0.0.1:3010
// Each server needs an empty throttle for sign-ups from one address (see scripts/bench).
import { chromium } from "@playwright/test";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const targets = process.argv.slice(2).map((arg) => {
  const [label, url] = arg.split("=");
  return { label, url };
});
if (targets.length === 0) {
  console.error("usage: node navigation.mjs label=URL [label=URL …]");
  process.exit(2);
}

const QUESTION = "Trade-offs Explanation";

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms`;
}

async function timed(page, click, heading) {
  const start = performance.now();
  await click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  return performance.now() - start;
}

async function measure(browser, { label, url }, cpuSlowdown, signedIn) {
  const context = await browser.newContext({ baseURL: url });
  const page = await context.newPage();
  if (cpuSlowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  }
  if (signedIn) {
    const username = `nav${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const response = await page.request.post("/api/sign_up", {
      form: { username, password: "a long and unguessable passphrase" },
      headers: { accept: "text/html", "sec-fetch-site": "same-origin" },
      maxRedirects: 0,
    });
    if (response.status() >= 400) throw new Error(`sign-up: ${response.status()}`);
  }
  // Warm: the bundle, the stylesheet and the first render are in the caches.
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  const toQuestion = [];
  const toBank = [];
  for (let round = 0; round < ROUNDS; round++) {
    toQuestion.push(
      await timed(
        page,
        () => page.getByRole("link", { name: QUESTION, exact: true }).click(),
        QUESTION,
      ),
    );
    await page.waitForLoadState("networkidle");
    toBank.push(
      await timed(
        page,
        () => page.getByRole("link", { name: "Question bank" }).click(),
        "Question bank",
      ),
    );
    await page.waitForLoadState("networkidle");
  }
  await context.close();
  const who = signedIn ? "signed in" : "signed out";
  const cpu = cpuSlowdown > 1 ? `, CPU ${cpuSlowdown}× slower` : "";
  console.log(`${label} (${who}${cpu}): bank → question ${summary(toQuestion)}; question → bank ${summary(toBank)}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
});
for (const signedIn of [false, true]) {
  for (const cpuSlowdown of [1, 4]) {
    for (const target of targets) {
      await measure(browser, target, cpuSlowdown, signedIn);
    }
  }
}
await browser.close();

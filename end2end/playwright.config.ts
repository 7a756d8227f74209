import { defineConfig } from "@playwright/test";

// The server under test is the release build that ./scripts/run serves (`cargo xtask build
// --release`), started on its own port over a fresh SQLite file (scripts/test removes
// target/e2e first). REHEARSE_E2E_BIN=./target/debug/rehearse tests a debug build.
const port = Number(process.env.REHEARSE_E2E_PORT ?? 3005);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not used.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: process.env.REHEARSE_E2E_BIN ?? "./target/release/rehearse",
    cwd: "..",
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      DATABASE_URL: "sqlite://target/e2e/rehearse.db",
      RUST_LOG: "warn",
      // Every test signs up from 127.0.0.1; the throttling itself is tested in server/tests.
      REHEARSE_SIGN_UP_LIMIT_PER_ADDRESS: "10000/60",
      REHEARSE_SIGN_IN_LIMIT_PER_ADDRESS: "10000/60",
    },
  },
});

// Shared helpers for the browser tests: start the real dockpoint binary on a
// throw-away database, drive Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const ZONE = 'Europe/Berlin';
export const PASSWORD = 'secret123';
export const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
  + "form-action 'self'; frame-ancestors 'none'";

const BIN = process.env.DOCKPOINT_BIN || path.join(ROOT, 'build', 'dev', 'dockpoint');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const START_TIMEOUT_MS = 15000;

/** A unique suffix, so names never collide within one server. */
let counter = 0;
export function uid() {
  counter += 1;
  return `${Date.now().toString(36).slice(-4)}${counter}`.toUpperCase();
}

function launch(dir, port) {
  const child = spawn(BIN, [
    'serve', '--port', String(port),
    '--database', `sqlite://${path.join(dir, 'e2e.db')}`,
    '--time-zone', ZONE,
    '--log-level', 'warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dockpoint did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace(/\/$/, '') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dockpoint exited (${code}) before listening: ${stderr}`));
    });
  });
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, 10000, 'timeout'); });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Starts `dockpoint serve --port 0` on a fresh SQLite file. Returns
 * {url, stop(), restart()}; restart() stops it and starts it again on the
 * same port and database (sessions survive: they live in the database).
 */
export async function startServer() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dockpoint-e2e-'));
  let { child, url } = await launch(dir, 0);
  const port = new URL(url).port;
  const server = {
    url,
    origin: new URL(url).origin,
    async restart() {
      await stopChild(child);
      ({ child } = await launch(dir, port));
    },
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A fresh context (own cookies) and page. Records problems a test can assert
 * on: uncaught page errors, console errors (CSP violations among them),
 * dialogs, and any request to another origin than the server's.
 */
export async function openPage(browser, server, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // An API answering 4xx is expected in some flows; anything else is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('dialog', async (dialog) => {
    // The console opens no dialogs; one would mean injected script ran.
    page.dialogs.push(dialog.message());
    page.problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== server.origin) page.problems.push(`foreign request: ${request.url()}`);
  });
  return page;
}

export async function waitReady(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
}

export async function continueAsGuest(page) {
  await page.goto('/login.html');
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await waitReady(page);
}

export async function registerOwner(page, { name = 'Ada Owner', email } = {}) {
  const address = email || `owner${uid().toLowerCase()}@example.com`;
  await page.goto('/login.html');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email', { exact: true }).fill(address);
  await page.locator('#register-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await waitReady(page);
  return address;
}

export const slot = (page, number) => page.locator(`#slot-map button.slot[data-slot="${number}"]`);

/** The lot's wall-clock date/time parts for a given instant. */
export function lotParts(date = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return parts;
}

/** "YYYY-MM-DD" of tomorrow in the lot's zone. */
export function lotTomorrow() {
  const p = lotParts();
  const d = new Date(Date.UTC(+p.year, +p.month - 1, +p.day + 1));
  return d.toISOString().slice(0, 10);
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Text of the records table's rows, one array of cell texts per row. */
export function recordRows(page) {
  return page.locator('#records-body tr').evaluateAll((rows) => rows.map(
    (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent),
  ));
}

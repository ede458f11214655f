// Browser benchmark: opens a session file in the release web build with test hooks
// (target/dist-testing/: `trunk build --release --features testing --dist
// target/dist-testing`, as check.sh does) through the
// file chooser, then exports its Markdown, and prints what the page went through as
// JSON: wall time of each, and the main thread's long tasks (over 50 ms, reported by
// the browser) meanwhile. A long task is the page not answering.
//
//   cargo run --release --features bench,testing --bin second-story-bench -- --write /tmp/big   # bench-XL.story.ron …
//   node web/bench.mjs /tmp/big/bench-XL.story.ron
//
// Numbers, not a pass/fail test: see BENCHMARKS.md. Uses the same headless Debian
// Chromium as web/e2e.mjs; on this 2-core machine with software WebGL, frames take
// 30–60 ms whenever another core is busy, which is why long tasks are reported rather
// than gaps between frames.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The page's state comes from a test hook, only in a `testing` build. DIST=other/dir
// to compare builds.
const dist = process.env.DIST || path.join(root, 'target', 'dist-testing');
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error('usage: node web/bench.mjs SESSION.story.ron (after trunk build --release --features testing --dist target/dist-testing)');
  process.exit(2);
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  let f = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
  fs.readFile(f, (e, d) => {
    if (e) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' }).end(d);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(origin + '/');
  const state = async () => JSON.parse((await page.evaluate(() => window.wasmBindings?.second_story_state?.() || '{}')) || '{}');
  for (let i = 0; i < 150 && typeof (await state()).start !== 'boolean'; i++) await page.waitForTimeout(200);
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const takeLongTasks = () => page.evaluate(() => window.longTasks.splice(0));

  // Open: Ctrl+O, pick the file, wait until the session is in.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Control+o')]);
  const t0 = Date.now();
  await chooser.setFiles(file);
  let opened;
  for (let i = 0; i < 1200; i++) {
    opened = await state();
    if (!opened.start && opened.opening === '' && (opened.statements > 0 || opened.error)) break;
    await page.waitForTimeout(25);
  }
  const openMs = Date.now() - t0;
  await page.waitForTimeout(1000); // the first frames after opening
  const openLong = await takeLongTasks();

  // Export Markdown: Ctrl+E, wait for the download.
  const t1 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.keyboard.press('Control+e')]);
  const exportMs = Date.now() - t1;
  const exportBytes = fs.statSync(await download.path()).size;
  await page.waitForTimeout(500);
  const exportLong = await takeLongTasks();
  const after = await state();

  console.log(JSON.stringify({
    file: path.basename(file),
    file_mb: +(fs.statSync(file).size / 1e6).toFixed(1),
    statements: opened.statements,
    error: opened.error,
    open_ms: openMs,
    open_long_tasks_ms: openLong,
    assembly_frames: opened.assembly_frames,
    export_ms: exportMs,
    export_kb: Math.round(exportBytes / 1024),
    export_long_tasks_ms: exportLong,
    worker_jobs: after.worker_jobs,
    autosave_warning: after.warning,
  }, null, 1));
} finally {
  await browser.close();
  server.close();
}

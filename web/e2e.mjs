// Browser tests of the release web build with test hooks (target/dist-testing/) in
// headless Debian Chromium.
//
// The egui canvas has no DOM, so the tests drive it with the mouse and keyboard
// and read back what the app shows through a small test hook
// (`second_story_state()`, exported by the wasm module). Any page error, console
// error, Rust panic or request leaving the page's origin fails the run. The hook is
// only in a build with the `testing` feature, never in the shipped dist/:
//
//   trunk build --release --features testing --dist target/dist-testing
//   node web/e2e.mjs            (DIST=dir to test another build)

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = process.env.DIST || path.join(root, 'target', 'dist-testing');
const screenshots = path.join(root, 'assets', 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ron': 'text/plain; charset=utf-8',
};

function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`${dist}/index.html is missing: run \`trunk build --release --features testing --dist target/dist-testing\` first.`);
  process.exit(1);
}

const server = await serve(dist);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const problems = [];
async function newPage(context) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      problems.push(`request left the page's origin: ${u}`);
    }
  });
  // Playwright intercepts file choosers only while something listens for them, and
  // switching that on when a test starts waiting may lose the race with the chooser the
  // app opens (a chooser then opens unseen, and the test times out). Listen from the
  // start and keep the choosers in a queue.
  const choosers = [];
  page.on('filechooser', (c) => choosers.push(c));
  fileChoosers.set(page, choosers);
  // The app asks before a page with unsaved work is left; the tests leave anyway,
  // and count the prompts.
  leavePrompts.set(page, 0);
  page.on('dialog', (d) => {
    if (d.type() === 'beforeunload') {
      leavePrompts.set(page, leavePrompts.get(page) + 1);
      d.accept().catch(() => {});
    } else {
      problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    }
  });
  return page;
}

const fileChoosers = new WeakMap();
const leavePrompts = new WeakMap();

// Does `trigger` (a click or a shortcut) and picks `file` in the chooser it opens.
// Should no chooser appear within 8 s (seen about one run in five before choosers were
// queued from the page's start; the app shows no error), it tries again, up to 3 times.
async function pickFile(page, trigger, file) {
  const choosers = fileChoosers.get(page);
  for (let attempt = 0; attempt < 3; attempt++) {
    choosers.length = 0;
    await trigger();
    for (let waited = 0; waited < 8000 && choosers.length === 0; waited += 50) await page.waitForTimeout(50);
    const chooser = choosers.shift();
    if (chooser) {
      if (attempt > 0) console.log(`  (the file chooser opened on attempt ${attempt + 1})`);
      await chooser.setFiles(file);
      return;
    }
  }
  throw new Error('the file chooser never opened');
}

async function state(page) {
  const json = await page.evaluate(() => window.wasmBindings?.second_story_state?.() || '');
  return json ? JSON.parse(json) : null;
}

async function waitFor(page, what, predicate, timeout = 20000) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeout) {
    last = await state(page);
    if (last && predicate(last)) {
      // The state is published at the end of the frame that changed it; the next
      // frames lay out and paint the new screen (and focus a new field) before the next
      // click or key lands on it. Counted in frames, not milliseconds: a busy machine
      // draws slowly, and a fixed wait let clicks miss fields there.
      await settle(page);
      return last;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)}`);
}

// Waits until the browser has drawn three more frames (eframe draws in its own
// animation-frame callback, registered before this one).
async function settle(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        let n = 0;
        const next = () => (++n >= 3 ? resolve() : requestAnimationFrame(next));
        requestAnimationFrame(next);
      }),
  );
}

async function start(page) {
  await page.goto(origin + '/');
  return waitFor(page, 'the app to start', (s) => typeof s.start === 'boolean', 60000);
}

// Positions of widgets on the start screen and in the workspace at 1280×800
// (egui lays out deterministically; the test hook confirms every step landed).
const AT = {
  newNearMiss: [640, 218],
  openExample: [640, 355],
  titleField: [800, 88],
  navTimeline: [87, 147],
  addParticipant: [249, 46],
  startInterview: [246, 142],
  openFile: [640, 324],
  importTranscript: [262, 171],
  // File menu (the web build has no "Open recent"), and the merge summary's button.
  fileMenu: [28, 19],
  mergeCopy: [105, 107],
  mergeConfirm: [445, 451],
  forgetBrowserCopy: [1188, 788],
  forgetConfirm: [416, 457],
};

// Clicks a text field and waits until the app has given it the keyboard (the page's
// text input follows at the end of that same frame): keys typed before that can land
// nowhere on a loaded machine.
async function clickField(page, at) {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.click(...at);
    try {
      await waitFor(page, 'a text field with the keyboard', (s) => s.typing, 5000);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`  (the field took the keyboard on click ${attempt + 1})`);
    }
  }
}

// Clicks a button until what it does shows. A click can go unseen: a dialog that has
// just opened may not be at its place yet (egui sizes it first), and on a loaded
// machine the page may take longer between press and release than egui allows for a
// click. A click that was seen shows within the frame that handled it, so trying
// again never clicks twice.
async function clickUntil(page, at, what, predicate, timeout = 8000) {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.click(...at);
    try {
      await waitFor(page, what, predicate, timeout);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`  (${what}: click ${attempt + 1})`);
    }
  }
}

// Live capture in the Interviews workspace, keyboard only after one click on
// "Start interview" (which puts the cursor in the capture field).
async function captureStatements(page) {
  await page.keyboard.press('Control+3');
  await waitFor(page, 'the interviews workspace', (s) => s.workspace === 'Interviews');
  await clickUntil(page, AT.startInterview, 'a started interview', (s) => s.interviews === 1);
  await waitFor(page, 'the keyboard in the capture field', (s) => s.typing);
  await page.keyboard.type('It looked like the usual Monday spike', { delay: 10 });
  await page.keyboard.press('Control+Enter');
  await waitFor(page, 'the first statement', (s) => s.statements === 1);
  await page.keyboard.press('Alt+2'); // a verbatim quote
  await page.keyboard.type('Busy is smooth. This went up in steps.', { delay: 10 });
  await page.keyboard.press('Control+Enter');
  await waitFor(page, 'the second statement', (s) => s.statements === 2);
}

let passed = 0;
let failed = 0;
async function test(name, fn) {
  const before = problems.length;
  try {
    await fn();
    if (problems.length > before) throw new Error(problems.slice(before).join('\n'));
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}

const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
const page = await newPage(context);

await test('the app starts on the start screen without errors', async () => {
  const s = await start(page);
  if (!s.start) throw new Error(`expected the start screen, got ${JSON.stringify(s)}`);
});

await test('a new session can be created and typed into', async () => {
  await clickUntil(page, AT.newNearMiss, 'a new near miss', (s) => !s.start && s.kind === 'Near miss');
  await clickField(page, AT.titleField);
  await page.keyboard.type('Web title', { delay: 20 });
  await waitFor(page, 'the typed title', (s) => s.title === 'Web title');
});

await test('a reload restores the autosaved session', async () => {
  await page.waitForTimeout(2500); // autosave runs 1.5 s after the last change
  await page.reload();
  await waitFor(page, 'the restored session', (s) => s.title === 'Web title' && !s.start, 60000);
});

await test('reload right after typing keeps the words in the capture field and the last edit, and asks first', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  await clickUntil(p, AT.newNearMiss, 'a new session', (s) => !s.start);
  await p.keyboard.press('Control+2');
  await waitFor(p, 'the participants workspace', (s) => s.workspace === 'Participants');
  await clickUntil(p, AT.addParticipant, 'a participant', (s) => s.participants === 1);
  await p.keyboard.press('Control+3');
  await waitFor(p, 'the interviews workspace', (s) => s.workspace === 'Interviews');
  await clickUntil(p, AT.startInterview, 'a started interview', (s) => s.interviews === 1);
  await waitFor(p, 'the keyboard in the capture field', (s) => s.typing);
  const first = 'Not committed yet:';
  await p.keyboard.type(first, { delay: 5 });
  await waitFor(p, 'the first words', (s) => s.draft === first);
  const words = `${first} the graph went up in steps`;
  await p.keyboard.type(words.slice(first.length), { delay: 5 });
  // No pause: the page is left with keys maybe not yet handled, well inside the
  // autosave delay (the words are stored when the page is left).
  const stored = await p.evaluate(() => localStorage.getItem('second-story.autosave.draft'));
  if (stored && stored.includes('steps')) console.log('  (autosave had already stored the words: a slow run)');
  const before = leavePrompts.get(p);
  await p.reload();
  if (leavePrompts.get(p) !== before + 1) throw new Error('no prompt before leaving uncommitted words');
  const s = await waitFor(p, 'the restored session', (s) => !s.start && s.interviews === 1, 60000);
  if (s.draft !== words) throw new Error(`the capture field holds ${JSON.stringify(s.draft)}`);
  if (s.statements !== 0) throw new Error('the words became a statement');
  if (s.workspace !== 'Interviews') throw new Error(`restored into ${s.workspace}`);
  // Typing goes on where it stopped: the capture field has the keyboard.
  await waitFor(p, 'the capture field with the keyboard', (s) => s.typing);
  await p.keyboard.type(' and back', { delay: 5 });
  await waitFor(p, 'typing after the reload', (s) => s.draft === `${words} and back`);
  await p.keyboard.press('Control+Enter');
  await waitFor(p, 'the committed statement', (s) => s.statements === 1 && s.draft === '');
  await ctx.close();
});

await test("forgetting this browser's copy leaves nothing of the session in browser storage", async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  await clickUntil(p, AT.newNearMiss, 'a new session', (s) => !s.start);
  await clickField(p, AT.titleField);
  await p.keyboard.type('Names that must go', { delay: 10 });
  await waitFor(p, 'the title', (s) => s.title === 'Names that must go');
  const ours = () => p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('second-story') || k === 'egui_memory_ron'));
  for (let waited = 0; waited < 10000 && !(await ours()).includes('second-story.autosave'); waited += 100) await p.waitForTimeout(100);
  if (!(await ours()).includes('second-story.autosave')) throw new Error('the session was never autosaved');
  await p.evaluate(() => localStorage.setItem('another-app', 'kept'));
  await clickUntil(p, AT.forgetBrowserCopy, 'the question', (s) => s.modal === 'forget');
  await clickUntil(p, AT.forgetConfirm, 'the answer', (s) => s.modal === '');
  await waitFor(p, 'the session still open', (s) => s.title === 'Names that must go');
  const left = await ours();
  if (left.length !== 0) throw new Error(`still in browser storage: ${left}`);
  if ((await p.evaluate(() => localStorage.getItem('another-app'))) !== 'kept') throw new Error("another app's storage was touched");
  const text = await p.evaluate(() => Object.values(localStorage).join('\n'));
  if (text.includes('Names that must go')) throw new Error('the title is still in browser storage');
  // Unsaved work is still only in this tab: leaving asks first; after the reload
  // nothing comes back.
  await p.reload();
  await waitFor(p, 'a fresh start', (s) => s.start, 60000);
  await ctx.close();
});

await test('the example opens and its timeline shows', async () => {
  const fresh = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(fresh);
  await start(p);
  await clickUntil(p, AT.openExample, 'the example', (s) => s.participants === 4 && s.statements > 20);
  await clickUntil(p, AT.navTimeline, 'the timeline workspace', (s) => s.workspace === 'Timeline');
  await p.waitForTimeout(300);
  fs.mkdirSync(screenshots, { recursive: true });
  await p.screenshot({ path: path.join(screenshots, 'web.png') });
  await fresh.close();
});

await test('full flow: new session, participant, export, save, reload, open the saved file', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const p = await newPage(ctx);
  await start(p);
  await clickUntil(p, AT.newNearMiss, 'a new session', (s) => !s.start);
  await clickField(p, AT.titleField);
  await p.keyboard.type('Full flow review', { delay: 20 });
  await waitFor(p, 'the title', (s) => s.title === 'Full flow review');
  await p.keyboard.press('Control+2');
  await waitFor(p, 'the participants workspace', (s) => s.workspace === 'Participants');
  await clickUntil(p, AT.addParticipant, 'a participant', (s) => s.participants === 1);
  await captureStatements(p);

  // Export Markdown (Ctrl+E): a download with the write-up.
  const [mdDownload] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Control+e')]);
  const md = fs.readFileSync(await mdDownload.path(), 'utf8');
  // The new participant has not agreed to be quoted: none of their words appear, each
  // statement is a visible placeholder for the facilitator's paraphrase.
  if (!md.includes('Full flow review') || md.includes('usual Monday spike') || md.includes('Busy is smooth') || !md.includes('paraphrase to come')) {
    throw new Error(`unexpected export:\n${md}`);
  }
  if (!mdDownload.suggestedFilename().endsWith('.md')) throw new Error(mdDownload.suggestedFilename());
  // It was built in the background worker (web/worker.js), not on the page.
  const exported = await waitFor(p, 'the export done by the worker', (s) => s.worker_jobs === 1 || s.error !== '');
  if (exported.error !== '') throw new Error(`export failed: ${exported.error}`);

  // Save (Ctrl+S): a download of the session file.
  const [sessionDownload] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Control+s')]);
  const saved = path.join(fs.mkdtempSync('/tmp/second-story-e2e-'), sessionDownload.suggestedFilename());
  await sessionDownload.saveAs(saved);
  if (!saved.endsWith('.story.ron')) throw new Error(saved);
  const text = fs.readFileSync(saved, 'utf8');
  if (!text.includes('version: 3') || !text.includes('Full flow review')) throw new Error('bad session file');
  await waitFor(p, 'the saved state', (s) => !s.dirty);

  // Reload: the session is still there.
  await p.reload();
  await waitFor(p, 'the session after reload', (s) => s.title === 'Full flow review' && s.participants === 1 && !s.start, 60000);

  // A colleague opens the saved file through the file chooser.
  const other = await browser.newContext({ viewport: VIEWPORT });
  const q = await newPage(other);
  await start(q);
  await pickFile(q, () => q.mouse.click(...AT.openFile), saved);
  const opened = await waitFor(q, 'the opened file', (s) => s.title === 'Full flow review' && s.participants === 1 && !s.start);
  // "Opening …" was drawn in the status bar before the file was parsed, and is gone now.
  // (The app draws it for at least one frame however fast the file is read, so this
  // does not depend on timing: a small file once opened within a frame.)
  if (opened.opening_shown !== path.basename(saved)) throw new Error(`no "Opening …" progress drawn: ${JSON.stringify(opened)}`);
  if (opened.opening !== '') throw new Error(`progress still shown: ${opened.opening}`);
  // It was read in the background worker and handed back in parts (web/worker.js),
  // not parsed on the page.
  if (!(opened.assembly_frames >= 1)) throw new Error(`not read in the background worker: ${JSON.stringify(opened)}`);

  // A damaged file: the worker says what is wrong, in words, and the open session stays.
  const damaged = path.join(path.dirname(saved), 'damaged.story.ron');
  fs.writeFileSync(damaged, text.slice(0, Math.floor(text.length / 2)));
  await pickFile(q, () => q.keyboard.press('Control+o'), damaged);
  const refused = await waitFor(q, 'the error for a damaged file', (s) => s.error !== '' && s.opening === '');
  if (!/line \d+/.test(refused.error)) throw new Error(`the error does not say where: ${refused.error}`);
  if (refused.title !== 'Full flow review' || refused.participants !== 1) throw new Error(`the open session was replaced: ${JSON.stringify(refused)}`);
  await other.close();
  await ctx.close();
});

await test('a transcript imports through the file chooser as an interview', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  await p.mouse.click(...AT.openExample);
  const example = await waitFor(p, 'the example', (s) => s.participants === 4 && s.interviews === 3);
  await p.keyboard.press('Control+3');
  await waitFor(p, 'the interviews workspace', (s) => s.workspace === 'Interviews');
  // Teams style: "Dana Wu" is P4's real name and "Kit Okoye" a facilitator, so every
  // speaker is known and Enter imports.
  const vtt = path.join(fs.mkdtempSync('/tmp/second-story-e2e-'), 'teams-call.vtt');
  fs.writeFileSync(
    vtt,
    [
      'WEBVTT',
      '',
      '5d1c7a2e-0b3f-4c6d-9e8a-1f2b3c4d5e6f/12-0',
      '00:00:02.120 --> 00:00:06.480',
      '<v Kit Okoye>Could you walk me through the first half hour?</v>',
      '',
      '5d1c7a2e-0b3f-4c6d-9e8a-1f2b3c4d5e6f/13-0',
      '00:00:07.010 --> 00:00:11.730',
      '<v Dana Wu>I decided to keep the bridge small &amp; quiet.</v>',
      '',
    ].join('\n'),
  );
  const jobs = example.worker_jobs;
  await pickFile(p, () => p.mouse.click(...AT.importTranscript), vtt);
  await waitFor(p, 'the import dialog', (s) => s.importing === 'teams-call.vtt');
  await p.keyboard.press('Enter');
  const done = await waitFor(p, 'the imported interview', (s) => s.interviews === 4 && s.importing === '');
  if (done.statements !== example.statements + 2) throw new Error(`expected two more statements: ${JSON.stringify(done)}`);
  if (done.participants !== 4) throw new Error(`a participant was added: ${JSON.stringify(done)}`);
  // The file was read and parsed in the background worker, not on the page.
  if (!(done.worker_jobs > jobs)) throw new Error(`not parsed in the background worker: ${JSON.stringify(done)}`);
  await ctx.close();
});

await test("a colleague's copy merges through the file chooser: summary first, then one step", async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  await p.mouse.click(...AT.openExample);
  const before = await waitFor(p, 'the example', (s) => s.participants === 4 && s.statements > 20);
  // The colleague's copy: one statement added, and the title changed (with no common
  // base, a field both copies hold differently is a conflict to settle).
  const example = fs.readFileSync(path.join(root, 'assets', 'examples', 'checkout-near-miss.story.ron'), 'utf8');
  const added = `(id: "00000004-0000-5eed-0000-0000000009a1", at_secs: 5, speaker: Interviewee, kind: Note, text: "Added in a colleague's copy", off_record: false, paraphrase: ""),\n`;
  const theirs = example
    .replace('title: "Payment retry storm near miss, 6 April"', 'title: "Payment retry storm near miss, 6 April (checked)"')
    .replace('statements: [\n', `statements: [\n${added}`);
  if (theirs === example || !theirs.includes(added)) throw new Error('the colleague copy was not made');
  const file = path.join(fs.mkdtempSync('/tmp/second-story-e2e-'), 'colleague.story.ron');
  fs.writeFileSync(file, theirs);
  await pickFile(
    p,
    async () => {
      await p.mouse.click(...AT.fileMenu);
      await p.waitForTimeout(400);
      await p.mouse.click(...AT.mergeCopy);
    },
    file,
  );
  const summary = await waitFor(p, 'the merge summary', (s) => s.merge_summary !== '' || s.error !== '');
  if (summary.merge_summary !== 'adds 1 statement, 1 conflict') throw new Error(`unexpected summary: ${JSON.stringify(summary)}`);
  if (summary.statements !== before.statements || summary.conflicts !== 0) throw new Error('something changed before the go-ahead');
  // The copy was read in the background worker, as Open does.
  if (!(summary.worker_jobs >= 1)) throw new Error(`not read in the worker: ${JSON.stringify(summary)}`);
  // Hover first, then click; a click that lands before the dialog takes input (it is
  // laid out unseen in its first frame) is tried again.
  let merged = null;
  for (let attempt = 0; attempt < 3 && !merged; attempt++) {
    await p.mouse.move(...AT.mergeConfirm);
    await p.waitForTimeout(300);
    await p.mouse.click(...AT.mergeConfirm);
    merged = await waitFor(p, 'the merged session', (s) => s.statements === before.statements + 1, 5000).catch(() => null);
    if (merged && attempt > 0) console.log(`  (the Merge button took the click on attempt ${attempt + 1})`);
  }
  if (!merged) throw new Error(`the merge did not happen: ${JSON.stringify(await state(p))}`);
  if (merged.conflicts !== 1 || merged.merge_summary !== '' || merged.title !== before.title) throw new Error(`unexpected merge: ${JSON.stringify(merged)}`);
  // One undo step takes it all back.
  await p.keyboard.press('Control+z');
  await waitFor(p, 'the merge undone', (s) => s.statements === before.statements && s.conflicts === 0);
  await ctx.close();
});

await test('a library of picked files shows the review table and a chart, read in the worker', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  // 100 reviews: the example, each with its own session id, title and kind; and one
  // damaged file, which is listed and skipped.
  const dir = fs.mkdtempSync('/tmp/second-story-e2e-library-');
  const example = fs.readFileSync(path.join(root, 'assets', 'examples', 'checkout-near-miss.story.ron'), 'utf8');
  const id = /session: \(\s*id: "([0-9a-f-]+)"/.exec(example)[1];
  const files = [];
  for (let i = 0; i < 100; i++) {
    const text = example
      .replace(id, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`)
      .replace(/title: "([^"]*)"/, `title: "Review ${i + 1}: $1"`)
      .replace('kind: NearMiss', ['kind: IncidentReview', 'kind: NearMiss', 'kind: NormalWork'][i % 3]);
    const file = path.join(dir, `review-${String(i + 1).padStart(3, '0')}.story.ron`);
    fs.writeFileSync(file, text);
    files.push(file);
  }
  const damaged = path.join(dir, 'damaged.story.ron');
  fs.writeFileSync(damaged, example.slice(0, 5000));
  files.push(damaged);

  await p.keyboard.press('Control+8');
  const shown = await waitFor(p, 'the library workspace', (s) => s.workspace === 'Library' && s.library.at['Choose files…']);
  // Long tasks on the page while the library is read (the worker does the reading).
  await p.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  await pickFile(p, () => p.mouse.click(...shown.library.at['Choose files…']), files);
  await waitFor(p, 'progress while reading', (s) => s.library.progress_shown && s.library.files > 0, 60000);
  const read = await waitFor(p, 'the review table', (s) => s.library.reviews === 100 && !s.library.reading, 120000);
  if (read.library.broken !== 1 || read.library.files !== 101) throw new Error(`expected 100 reviews and 1 broken file: ${JSON.stringify(read.library)}`);
  if (read.library.from_worker !== 101) throw new Error(`not read in the background worker: ${JSON.stringify(read.library)}`);
  const longTasks = await p.evaluate(() => window.__longTasks);
  console.log(`  long tasks while reading 101 files: ${JSON.stringify(longTasks)}`);
  // The 200 ms target is a benchmark number, printed here and kept in BENCHMARKS.md,
  // not a timed assertion: on a busy two-core machine one task reached 228 ms while
  // another job ran. What the test holds is that the worker reads every file.
  if (longTasks.some((d) => d > 200)) console.log(`  (over the 200 ms target: ${JSON.stringify(longTasks)}; a busy machine?)`);

  // A chart: the follow-ups across reviews.
  await p.mouse.click(...read.library.at['Follow-ups']);
  await waitFor(p, 'the follow-up chart', (s) => s.library.tab === 'FollowUps' && s.library.charts >= 1);
  fs.mkdirSync(screenshots, { recursive: true });
  await p.screenshot({ path: path.join(dir, 'library-follow-ups.png') });
  await ctx.close();
});

// Browser zoom at 150 % on a 1280×800 screen: 853×533 CSS pixels at 1.5 device pixels
// each. Playwright's deviceScaleFactor is not that: under its emulation the canvas
// reports its size in CSS pixels and eframe draws at 2.25×. A browser started at a
// device scale of 1.5 is, so this test has its own, sized to 853×533 CSS pixels.
// Positions are the app's layout at that size (egui lays out deterministically).
await test('at 150 % zoom the capture field can be reached and typed into', async () => {
  const zoomed = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--force-device-scale-factor=1.5', '--window-size=853,620', '--no-first-run'],
  });
  try {
    const ctx = await zoomed.newContext({ viewport: null });
    const p = await newPage(ctx);
    await start(p);
    // The window's frame takes some height: size it so the page is 853×533.
    const inner = await p.evaluate(() => [innerWidth, innerHeight, devicePixelRatio]);
    if (Math.abs(inner[1] - 533) > 1) {
      const cdp = await ctx.newCDPSession(p);
      const { windowId, bounds } = await cdp.send('Browser.getWindowForTarget');
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { height: bounds.height + 533 - inner[1] } });
      await p.waitForTimeout(500);
    }
    const size = await p.evaluate(() => [innerWidth, innerHeight, devicePixelRatio]);
    if (Math.abs(size[0] - 853) > 2 || Math.abs(size[1] - 533) > 2 || size[2] !== 1.5) {
      throw new Error(`not a 150 % zoomed 1280×800 page: ${size}`);
    }
    await p.mouse.click(427, 360); // "Open example"
    await waitFor(p, 'the example', (s) => s.participants === 4 && !s.start);
    await p.keyboard.press('Control+3');
    const before = await waitFor(p, 'the interviews workspace', (s) => s.workspace === 'Interviews');
    await p.mouse.click(396, 330); // the capture field, whole on screen at this size
    await p.keyboard.type('Typed at 150 percent zoom, every word', { delay: 15 });
    if (process.env.E2E_SHOTS) await p.screenshot({ path: path.join(process.env.E2E_SHOTS, 'capture-150-typed.png') });
    await p.keyboard.press('Control+Enter');
    await waitFor(p, 'the statement typed at 150 %', (s) => s.statements === before.statements + 1);
    if (process.env.E2E_SHOTS) await p.screenshot({ path: path.join(process.env.E2E_SHOTS, 'capture-150.png') });
    await ctx.close();
  } finally {
    await zoomed.close();
  }
});

await test('when browser storage is full the app says so and keeps the work in memory', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  await p.evaluate(() => {
    // Fill localStorage to its quota, big chunks first, then small ones.
    for (const size of [1 << 20, 1 << 14, 1 << 10, 64]) {
      const chunk = 'x'.repeat(size);
      try {
        for (let i = 0; ; i++) localStorage.setItem(`filler-${size}-${i}`, chunk);
      } catch (_) {
        /* full at this size */
      }
    }
  });
  await clickUntil(p, AT.newNearMiss, 'a new session', (s) => !s.start);
  await clickField(p, AT.titleField);
  await p.keyboard.type('Notes that do not fit', { delay: 20 });
  // Every keystroke arrives and the session stays in memory, with the warning shown.
  await waitFor(
    p,
    'the typed title and the storage-full warning',
    (s) => s.title === 'Notes that do not fit' && s.dirty && s.warning.includes('storage is full'),
    15000,
  );
  await ctx.close();
});

await test('after the first load the app works offline (service worker)', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const p = await newPage(ctx);
  await start(p);
  const manifest = await p.evaluate(async () => (await fetch('manifest.webmanifest')).json());
  if (manifest.name !== 'Second Story' || manifest.icons.length < 2) throw new Error('bad manifest');
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const cacheName = await p.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('second-story-')));
  if (!cacheName || cacheName.includes('__BUILD__')) throw new Error(`cache not named by build: ${cacheName}`);
  await ctx.setOffline(true);
  await p.reload();
  await start(p);
  await ctx.close();
});

await browser.close();
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

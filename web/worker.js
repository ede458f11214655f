// Second Story's background worker: runs the app's own wasm off the page's thread, for
// work that would otherwise hold the page on a large session (src/model/transfer.rs):
// reading a session file, and building an export from the whole session.
//
// The page sends the URL of its wasm-bindgen glue and its compiled WebAssembly module
// (so nothing is downloaded or compiled again), with one job:
//   { job: 'open', file }                    read and check a picked File
//   { job: 'export', kind, session }         build an export (session: compact bytes;
//                                            kind: a SessionExport code, such as
//                                            'markdown' or 'calibration:<participant id>')
//   { job: 'ron', session }                  write the session file's text (autosave)
//   { job: 'import', kind, files }           read an import's picked Files (a transcript,
//                                            a chat export) into its compact form
//   { job: 'library', files, paths }         read, check and index each File of a library
//                                            (paths: each one's path in the library)
// The worker replies once, then the page ends it (a library job first sends one
// { file: Uint8Array } per file, each indexed review in the compact form, then
// { done: n }):
//   { parts: [Uint8Array…] }  the opened session, in parts for the page to take back
//                             (an import: one part)
//   { text: "…" }             the export's or the session file's text
//   { failed: "…" }           what is wrong (with the file, or the export), in words
//   { unavailable: "…" }      the worker could not run; the page does the job itself
self.onmessage = async ({ data }) => {
  let wasm;
  try {
    wasm = await import(data.glue);
    await wasm.default({ module_or_path: data.module });
  } catch (e) {
    self.postMessage({ unavailable: `could not start: ${e}` });
    return;
  }
  try {
    if (data.job === 'open') {
      const bytes = new Uint8Array(await data.file.arrayBuffer());
      const parts = wasm.second_story_worker_open(bytes);
      self.postMessage({ parts }, parts.map((p) => p.buffer));
    } else if (data.job === 'export') {
      self.postMessage({ text: wasm.second_story_worker_export(data.session, data.kind) });
    } else if (data.job === 'ron') {
      self.postMessage({ text: wasm.second_story_worker_ron(data.session) });
    } else if (data.job === 'import') {
      const names = data.files.map((f) => f.name);
      const bytes = await Promise.all(data.files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
      const part = wasm.second_story_worker_import(data.kind, names, bytes);
      self.postMessage({ parts: [part] }, [part.buffer]);
    } else if (data.job === 'library') {
      for (let i = 0; i < data.files.length; i++) {
        const f = data.files[i];
        const bytes = new Uint8Array(await f.arrayBuffer());
        const part = wasm.second_story_worker_library(data.paths[i], bytes, f.lastModified, f.size);
        self.postMessage({ file: part }, [part.buffer]);
      }
      self.postMessage({ done: data.files.length });
    } else {
      self.postMessage({ unavailable: `unknown job ${data.job}` });
    }
  } catch (e) {
    // The Rust side throws a plain string for what the user should read.
    if (typeof e === 'string') self.postMessage({ failed: e });
    else self.postMessage({ unavailable: String(e) });
  }
};

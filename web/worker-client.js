// The page's side of web/worker.js, imported by the wasm glue (src/io/web.rs).
//
// Each call starts a worker, hands it one job and resolves with its single reply, or
// with { unavailable } when module workers cannot run here (the page then does the
// job itself). The worker is ended either way: it holds a copy of the session.
function run(workerUrl, message, transfer) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(workerUrl, { type: 'module' });
    } catch (e) {
      resolve({ unavailable: `no worker: ${e}` });
      return;
    }
    const done = (reply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (e) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ unavailable: e.message || 'the worker failed to start' });
    };
    worker.onmessageerror = () => done({ unavailable: 'the reply could not be read' });
    worker.postMessage(message, transfer);
  });
}

// Reads and checks a picked session File.
export function readInWorker(workerUrl, glue, module, file) {
  return run(workerUrl, { glue, module, job: 'open', file }, []);
}

// Builds an export of kind `kind` from the session's compact bytes (a Uint8Array,
// handed over, not copied).
export function exportInWorker(workerUrl, glue, module, session, kind) {
  return run(workerUrl, { glue, module, job: 'export', kind, session }, [session.buffer]);
}

// Writes an autosave's session file text (a Uint8Array of the compact form, handed over).
export function ronInWorker(workerUrl, glue, module, session) {
  return run(workerUrl, { glue, module, job: 'ron', session }, [session.buffer]);
}

// Reads and parses an import's picked Files (an array) of kind `kind` ('transcript',
// 'chat').
export function importInWorker(workerUrl, glue, module, files, kind) {
  return run(workerUrl, { glue, module, job: 'import', kind, files: Array.from(files) }, []);
}

// Reads, checks and indexes the Files of a library (an array, with their paths in
// the library), one after the other: `onFile` is called with each file's result (a
// Uint8Array in the compact form) as it comes; resolves with { done: n } at the end,
// or { unavailable } when the worker cannot run or stops (the page reads the files
// that did not come back itself).
export function libraryInWorker(workerUrl, glue, module, files, paths, onFile) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(workerUrl, { type: 'module' });
    } catch (e) {
      resolve({ unavailable: `no worker: ${e}` });
      return;
    }
    const done = (reply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (e) => {
      if (e.data && e.data.file) onFile(e.data.file);
      else done(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      done({ unavailable: e.message || 'the worker failed to start' });
    };
    worker.onmessageerror = () => done({ unavailable: 'a reply could not be read' });
    worker.postMessage({ glue, module, job: 'library', files: Array.from(files), paths: Array.from(paths) }, []);
  });
}

// Stores a (possibly large) string in localStorage without passing it through wasm:
// false when storage is full or refused.
export function storeText(key, text) {
  try {
    localStorage.setItem(key, text);
    return true;
  } catch (e) {
    return false;
  }
}

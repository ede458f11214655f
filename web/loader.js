// The loading screen's side of start-up (trunk's `data-initializer`, see index.html):
// checks that the browser can run Second Story at all, then shows how much of the app
// has downloaded while it loads, and says so in words when loading fails.
//
// A `.js` file (an ES module all the same), so any static host serves it as JavaScript.
// Trunk calls the default export before it fetches the wasm; throwing here stops the
// download, so a browser without WebAssembly or WebGL is told at once and does not
// fetch megabytes it cannot use.

const text = () => document.getElementById('loading_text');

function say(html, failed) {
  const el = text();
  if (!el) return;
  el.innerHTML = html;
  el.classList.toggle('failed', Boolean(failed));
}

// What is missing, in words, or null when the browser has what the app needs.
function missing() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    return 'WebAssembly';
  }
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
    if (!gl) return 'WebGL';
    // Give the test context back at once: browsers allow only a few at a time.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch (_) {
    return 'WebGL';
  }
  return null;
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);

export default function loader() {
  const lacking = missing();
  if (lacking) {
    say(
      `<p><strong>Second Story cannot run in this browser.</strong></p>` +
        `<p>It needs ${lacking}, which this browser does not offer or has turned off. ` +
        `Try a current Firefox, Chrome, Edge or Safari, or turn on hardware acceleration ` +
        `(WebGL) in the browser's settings. The desktop app needs neither.</p>`,
      true,
    );
    throw new Error(`Second Story needs ${lacking}`);
  }
  return {
    onStart: () => say('<p>Loading Second Story…</p>'),
    onProgress: ({ current, total }) => {
      const bar = '<progress id="loading_progress"' +
        (total > 0 ? ` max="${total}" value="${Math.min(current, total)}"` : '') + '></progress>';
      const amount = total > 0
        ? `${mb(Math.min(current, total))} of ${mb(total)} MB`
        : `${mb(current)} MB`;
      say(`<p>Loading Second Story… ${amount}</p>${bar}`);
    },
    onSuccess: () => say('<p>Starting…</p>'),
    onFailure: (error) => {
      console.error('Second Story failed to load:', error);
      say(
        '<p><strong>Second Story could not be loaded.</strong></p>' +
          '<p>The download stopped or the browser refused to run it. Check the connection ' +
          'and reload the page; the browser console has the details.</p>',
        true,
      );
    },
  };
}

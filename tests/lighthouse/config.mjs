// Lighthouse configuration for tests.tools.lighthouse(): Lighthouse's default (mobile), with one
// compatibility fix so that Lighthouse 12 (the last that runs on Node 20) can read the
// trace of Debian's Chromium.
//
// Chromium renamed the trace argument of its "PipelineReporter" events from
// `chrome_frame_reporter` to `frame_reporter`; the trace engine bundled with Lighthouse 12.2.3
// still reads the old name and crashes ("Cannot read properties of undefined (reading
// 'frame_sequence')"), which turns `lcp-lazy-loaded`, `largest-contentful-paint-element` and
// every other audit that needs the trace's elements into an error. The gatherer in
// chromium-trace.mjs records the trace exactly as Lighthouse does, then gives each such event its
// old name as well.
// Remove it when Lighthouse is upgraded to a version that knows the new name.
import {fileURLToPath} from 'node:url';

export default {
  extends: 'lighthouse:default',
  artifacts: [
    {id: 'Trace', gatherer: fileURLToPath(new URL('./chromium-trace.mjs', import.meta.url))},
  ],
};

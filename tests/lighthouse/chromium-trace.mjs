// A Trace gatherer for Lighthouse 12.2.3 and current Chromium: see config.mjs for why.
import Trace from 'lighthouse/core/gather/gatherers/trace.js';

/** @param {{name?: string, args?: Record<string, unknown>}} event */
function withOldFrameReporterName(event) {
  if (event.name !== 'PipelineReporter' || !event.args) return event;
  if (!event.args.frame_reporter || event.args.chrome_frame_reporter) return event;
  return {...event, args: {...event.args, chrome_frame_reporter: event.args.frame_reporter}};
}

class ChromiumTrace extends Trace {
  /** @param {LH.Gatherer.Context} context */
  async stopSensitiveInstrumentation(context) {
    await super.stopSensitiveInstrumentation(context);
    this._trace = {
      ...this._trace,
      traceEvents: this._trace.traceEvents.map(withOldFrameReporterName),
    };
  }
}

export default ChromiumTrace;

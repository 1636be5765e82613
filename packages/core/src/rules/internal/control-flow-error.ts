/**
 * The base of the parser's internal errors: thrown and caught within core to unwind a parse, never
 * shown with a stack. Skipping the stack capture makes a rejected body about ten times cheaper.
 */
export class ControlFlowError extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

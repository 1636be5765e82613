/**
 * The base of the parser's internal signals: thrown and caught within core to unwind a parse, never
 * shown to a caller. Not an `Error`: constructing one costs about three times a plain object even
 * without a stack, and nothing reads a stack here. Every catch site tells them apart by class.
 */
export class ControlFlowError {
  readonly message: string;
  constructor(message = '') {
    this.message = message;
  }
}
